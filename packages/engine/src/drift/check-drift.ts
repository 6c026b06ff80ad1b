import type { Plan } from '../plan-types.js'
import type { Clock, DeploymentRecord, Ledger } from '../ports.js'
import { compareFacts } from './compare-facts.js'
import { compareReleases } from './compare-releases.js'
import { releaseRelation } from './release-relation.js'
import { readFacts } from './run-facts.js'
import type { FactDeps } from './run-facts.js'
import type { DriftPair, DriftReport } from './types.js'

/** What the drift check needs: the ledger to read, a runner for facts. */
export interface DriftDeps extends FactDeps {
  readonly ledger: Pick<Ledger, 'lastSuccessfulDeployment' | 'findDeployment'>
  readonly clock: Clock
}

/**
 * Each environment and every environment it `requires`, in plan order.
 * Per-PR environments come and go with their pull requests: not compared.
 */
export function driftPairs(plan: Plan): { from: string; to: string }[] {
  const environments = Object.values(plan.environments)
  const perPr = new Set(environments.filter(e => e.perPr).map(e => e.name))
  return environments
    .filter(environment => !environment.perPr)
    .flatMap(environment =>
      environment.requires
        .filter(required => !perPr.has(required))
        .map(required => ({ from: required, to: environment.name }))
    )
}

/**
 * Compares what each environment and the ones it requires run now: the
 * release, fingerprint, migration set and variable names their last
 * successful deployments recorded, and the plan's facts read from each
 * right now. Every difference parity.allow-differences does not declare,
 * and that is not simply a newer release awaiting promotion, is drift.
 * Reads only: takes no lock, writes nothing to the ledger.
 */
export async function checkDrift(
  plan: Plan,
  workspace: string,
  deps: DriftDeps
): Promise<DriftReport> {
  const pairs = driftPairs(plan)
  const names = [...new Set(pairs.flatMap(pair => [pair.from, pair.to]))]
  const current = new Map<string, DeploymentRecord | undefined>()
  for (const name of names)
    current.set(name, await deps.ledger.lastSuccessfulDeployment(name))
  const facts = await readFacts(
    plan,
    names.map(environment => ({
      environment,
      current: current.get(environment)
    })),
    workspace,
    deps
  )
  const declared = new Set(plan.parity.allowDifferences)
  const compared: DriftPair[] = []
  for (const { from, to } of pairs) {
    const fromCurrent = current.get(from)
    const toCurrent = current.get(to)
    const relation = await releaseRelation(
      { environment: from, current: fromCurrent },
      { environment: to, current: toCurrent },
      deps.ledger
    )
    const rows = [
      ...compareReleases({
        from,
        to,
        fromCurrent,
        toCurrent,
        relation,
        declared
      }),
      ...compareFacts(plan, facts, from, to)
    ]
    const drift = rows.filter(row => row.status === 'drift')
    compared.push({ from, to, relation, rows, drift })
  }
  return {
    file: plan.file,
    checkedAt: deps.clock.now().toISOString(),
    pairs: compared,
    driftCount: compared.reduce((sum, pair) => sum + pair.drift.length, 0),
    facts
  }
}
