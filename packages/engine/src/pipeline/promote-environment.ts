import { ConfigurationError } from '@rehearse/core'
import { computeFingerprint } from '../fingerprint/index.js'
import { evaluateGate } from '../gate/evaluate-gate.js'
import { compareEnvironments } from '../parity/index.js'
import { describeGateLines } from '../report/render-gate.js'
import type { ParityReport } from '../parity/index.js'
import { assertCheckedOut, deployEnvironment } from './deploy-environment.js'
import type { PipelineDeps, PromoteOutcome, PromoteRequest } from './types.js'

/** The environments whose rehearsal a promotion needs. */
export function requiredEnvironments(request: PromoteRequest): string[] {
  const target = request.plan.environments[request.environment]
  const required = new Set(target?.requires ?? [])
  if (request.from && request.from !== request.environment)
    required.add(request.from)
  return [...required]
}

/**
 * The gate, then the same plan: production runs only when the rehearsal of
 * the same code passed. A refusal is recorded as the target's deploy status.
 */
export async function promoteEnvironment(
  request: PromoteRequest,
  deps: PipelineDeps
): Promise<PromoteOutcome & { parity: ParityReport[] }> {
  const { plan, environment: target, sha } = request
  const required = requiredEnvironments(request)
  for (const name of required) {
    if (!plan.environments[name]) {
      throw new ConfigurationError(
        `${plan.file}: "from" names environment "${name}", which the plan does not define (known: ${Object.keys(plan.environments).join(', ')}).`
      )
    }
  }
  await assertCheckedOut(deps, sha)
  const parity = required.map(from =>
    compareEnvironments(plan, from, target, { sha })
  )
  const undeclared = Object.fromEntries(
    parity.map((report, index) => [
      required[index] ?? '',
      report.undeclared.map(row => row.name)
    ])
  )
  const gate = await evaluateGate({
    plan,
    target,
    required,
    sha,
    fingerprint: computeFingerprint(plan, target, request.workspace),
    undeclaredDifferences: undeclared,
    ledger: deps.ledger,
    source: deps.source,
    clock: deps.clock,
    locks: deps.locks,
    runId: deps.runId
  })
  // The verdict is shown before production's steps stream below it.
  for (const line of describeGateLines(gate, target)) deps.reporter.info(line)
  if (!gate.ok) {
    const failed = gate.checks.find(check => !check.ok && !check.skipped)
    await deps.ledger.setStage(sha, {
      environment: target,
      stage: 'deploy',
      state: 'failure',
      description: `Refused: ${failed?.message ?? 'gate failed'}`,
      targetUrl: deps.logUrl
    })
    return { gate, reason: failed?.reason, deploy: undefined, parity }
  }
  if (request.beforeDeploy && !(await request.beforeDeploy())) {
    return { gate, reason: undefined, deploy: undefined, parity }
  }
  const deploy = await deployEnvironment(request, deps)
  return { gate, reason: undefined, deploy, parity }
}
