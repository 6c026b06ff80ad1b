import type { DeploymentRecord, DeploymentState } from '../ports.js'
import type { RollbackReport } from './recover.js'
import type { PipelineDeps, RunRequest, StageRun } from './types.js'

/** What else decides the deployment's final state. */
export interface Finish {
  /** An unexpected error stopped the run: not a release. */
  readonly crashed: boolean
  /** False when a rollback rehearsal could not bring the candidate back. */
  readonly servesCandidate: boolean
  readonly rollback: RollbackReport | undefined
}

const RELEASE_STAGES = new Set(['deploy', 'smoke'])

function finalState(
  runs: readonly StageRun[],
  finish: Finish,
  environment: string
): [DeploymentState, string] {
  const after = runs.filter(run => RELEASE_STAGES.has(run.stage))
  const bad = after.find(
    run => run.result.status !== 'success' && run.result.status !== 'skipped'
  )
  if (finish.crashed && !bad)
    return ['error', 'Stopped by an error before the run finished; see the log']
  const back = finish.rollback?.rolledBack
    ? `; rolled back to ${finish.rollback.to?.slice(0, 7) ?? 'the previous release'}`
    : ''
  if (bad?.result.status === 'cancelled')
    return ['error', `${bad.result.description}${back}`]
  if (bad) {
    const what = bad.stage === 'deploy' ? '' : `${bad.stage}: `
    return ['failure', `${what}${bad.result.description}${back}`]
  }
  if (!finish.servesCandidate)
    return [
      'failure',
      `The rollback rehearsal left ${environment} on the older release`
    ]
  return ['success', after.map(run => run.result.description).join('; ')]
}

/**
 * The deployment's final state, once every stage after the deploy ran: it
 * is a good release only when the smoke test after it passed too, so the
 * environment's "last good release" never points at a broken one.
 * False when it could not be recorded: the run must not pass as green.
 */
export async function finishDeployment(
  deployment: DeploymentRecord,
  runs: readonly StageRun[],
  request: RunRequest,
  history: readonly DeploymentRecord[],
  deps: PipelineDeps,
  finish: Finish
): Promise<boolean> {
  const [state, description] = finalState(runs, finish, request.environment)
  const url = request.plan.environments[request.environment]?.url
  try {
    await deps.ledger.setDeploymentState(deployment.id, state, {
      ...(state === 'success' && url ? { environmentUrl: url } : {}),
      logUrl: deps.logUrl,
      description
    })
    if (state === 'success') await retire(deployment, history, request, deps)
    return true
  } catch (error) {
    deps.reporter.error(
      `could not record deployment ${deployment.id} as ${state}: ${(error as Error).message}`
    )
    return false
  }
}

/**
 * What the environment no longer serves, marked inactive, so it shows one
 * live release. GitHub's auto_inactive covers older deployments outside
 * production and per-PR environments; the rest (production, a redeploy of
 * an older commit) is marked here. A failure only warns.
 */
async function retire(
  current: DeploymentRecord,
  history: readonly DeploymentRecord[],
  request: RunRequest,
  deps: PipelineDeps
): Promise<void> {
  const environment = request.plan.environments[request.environment]
  const everyOther = environment?.production || environment?.transient
  const replaced = history.filter(
    d =>
      d.id !== current.id &&
      d.state === 'success' &&
      (everyOther || Date.parse(d.createdAt) > Date.parse(current.createdAt))
  )
  for (const old of replaced) {
    try {
      await deps.ledger.setDeploymentState(old.id, 'inactive', {
        description: `Replaced by ${request.sha.slice(0, 7)}`
      })
    } catch (error) {
      deps.reporter.warning(
        `could not mark deployment ${old.id} inactive: ${(error as Error).message}`
      )
    }
  }
}
