import { environmentOf } from '../fingerprint/environment-of.js'
import type { DeploymentRecord } from '../ports.js'
import type { RunResult } from '../run/types.js'
import type { DeployStage } from './deploy-stage.js'
import { joinRuns, releaseOf, runAs } from './release.js'
import type { PipelineDeps, RunRequest, StageResult } from './types.js'

/** What the way back did after a failed stage. */
export interface RollbackReport {
  /** Users are back on the previous release. */
  readonly rolledBack: boolean
  /** The release rolled back to. */
  readonly to: string | undefined
  /** One line: what was done, or why nothing was. */
  readonly description: string
  /** Something was tried, or the environment rolls back automatically. */
  readonly notable: boolean
  readonly run: RunResult | undefined
}

const short = (sha: string): string => sha.slice(0, 7)

/**
 * After a failed stage: first what the strategy can undo at once (switch
 * back, traffic to 0) — users must not stay on a release that failed —
 * then, where the environment rolls back automatically (production by
 * default), the plan's `rollback:` steps (or `deploy` re-run) for the last
 * good release, checked by the smoke test. The previous deployment is
 * then the environment's success again. Schema changes stay: the previous
 * release runs on them, as staging rehearsed.
 */
export async function recover(input: {
  readonly request: RunRequest
  readonly deps: PipelineDeps
  readonly deploy: DeployStage | undefined
  readonly previous: DeploymentRecord | undefined
  readonly smokeAt: ((url: string) => Promise<StageResult>) | undefined
}): Promise<RollbackReport> {
  const { request, deps, deploy, previous } = input
  const { plan } = request
  const environment = environmentOf(plan, request.environment)
  const runs: RunResult[] = []
  const to = previous ? short(previous.sha) : undefined
  const report = (
    rolledBack: boolean,
    description: string,
    // Production left on a failed release is always worth saying; an
    // environment that never rolls back is not, unless something was tried.
    notable = rolledBack ||
      runs.length > 0 ||
      environment.autoRollback ||
      environment.production
  ) => ({
    rolledBack,
    to: rolledBack ? previous?.sha : undefined,
    description,
    run: runs.length > 0 ? joinRuns(runs) : undefined,
    notable
  })
  // A way back is only as good as what users then get: checked like a
  // deploy, on the environment's URL, when there is a smoke test.
  const failsSmoke = async (): Promise<string | undefined> => {
    const url = environment.url
    if (!url || !input.smokeAt) return undefined
    const check = await input.smokeAt(url)
    return check.status === 'success' ? undefined : check.description
  }
  // A release that failed before users reached it (blue-green's idle
  // slot) needs no way back, wherever it ran.
  if (plan.strategy.type === 'blue-green' && !deploy?.strategyOutcome.exposed)
    return report(
      false,
      `Nothing to roll back: users stayed on ${to ?? 'the live slot'}`,
      false
    )
  let restored = false
  if (deploy?.strategyOutcome.exposed && deploy.strategy.undo) {
    const undone = await deploy.strategy.undo(deploy.context)
    if (undone) runs.push(undone)
    restored = undone?.status === 'success'
    const broken = restored ? await failsSmoke() : undefined
    if (broken)
      return report(
        false,
        `Sent users back to ${to ?? 'the previous release'}, but it failed its smoke test: ${broken}`
      )
  }
  if (!environment.autoRollback) {
    return restored
      ? report(
          true,
          `Users are back on ${to ?? 'the previous release'}; auto-rollback is off, nothing was redeployed`
        )
      : report(
          false,
          `Not rolled back: auto-rollback is off for ${environment.name}`
        )
  }
  if (!previous)
    return report(
      restored,
      `Not rolled back: ${environment.name} has no earlier good release`
    )
  const type = plan.strategy.type
  const redeploy =
    type === 'direct' || (type === 'canary' && plan.rollback.length > 0)
  if (redeploy) {
    const back = await runAs(
      plan.rollback.length > 0 ? plan.rollback : plan.deploy,
      releaseOf(previous, plan.artifact),
      { REHEARSE_ROLLBACK_FROM: request.sha },
      { request, deps, previousSha: request.sha }
    )
    runs.push(back)
    restored = back.status === 'success'
    const broken = restored ? await failsSmoke() : undefined
    if (broken)
      return report(
        false,
        `Rolled back to ${to}, but it failed its smoke test: ${broken}`
      )
  }
  if (!restored)
    return report(false, `The rollback to ${to} failed; see the log`)
  await deps.ledger.setDeploymentState(previous.id, 'success', {
    ...(environment.url ? { environmentUrl: environment.url } : {}),
    logUrl: deps.logUrl,
    description: `Serving again: ${short(request.sha)} was rolled back`
  })
  return report(true, `Rolled back to ${to}`)
}
