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
  let restored = false
  if (deploy?.strategyOutcome.exposed && deploy.strategy.undo) {
    const undone = await deploy.strategy.undo(deploy.context)
    if (undone) runs.push(undone)
    restored = undone?.status === 'success'
  }
  const report = (rolledBack: boolean, description: string) => ({
    rolledBack,
    to: rolledBack ? previous?.sha : undefined,
    description,
    run: runs.length > 0 ? joinRuns(runs) : undefined
  })
  const to = previous ? short(previous.sha) : undefined
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
  if (type === 'blue-green' && !deploy?.strategyOutcome.exposed)
    return report(false, `Nothing to roll back: users stayed on ${to}`)
  if (redeploy) {
    const back = await runAs(
      plan.rollback.length > 0 ? plan.rollback : plan.deploy,
      releaseOf(previous, plan.artifact),
      { REHEARSE_ROLLBACK_FROM: request.sha },
      { request, deps, previousSha: request.sha }
    )
    runs.push(back)
    restored = back.status === 'success'
    const url = environment.url
    if (restored && url && input.smokeAt) {
      const check = await input.smokeAt(url)
      restored = check.status === 'success'
      if (!restored)
        return report(
          false,
          `Rolled back to ${to}, but it failed its smoke test: ${check.description}`
        )
    }
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
