import type { DeploymentRecord } from '../ports.js'
import type { PipelineDeps } from './types.js'

const NOTE =
  'The run that was deploying this stopped without finishing (found by a later run)'

/**
 * Closes what a killed run left open in this environment: a deployment
 * still `in_progress` (or never given a status) and its `pending` stage
 * statuses. Called while holding the environment's lock, so no live run
 * can own them. Failures only warn: they must not stop this run.
 */
export async function reconcileDeadRuns(
  environment: string,
  history: readonly DeploymentRecord[],
  deps: PipelineDeps
): Promise<void> {
  const open = history.filter(
    d => d.state === 'in_progress' || d.state === undefined
  )
  for (const deployment of open) {
    try {
      await deps.ledger.setDeploymentState(deployment.id, 'error', {
        logUrl: deps.logUrl,
        description: NOTE
      })
      const pending = (await deps.ledger.readStages(deployment.sha)).filter(
        s => s.environment === environment && s.state === 'pending'
      )
      for (const stage of pending) {
        await deps.ledger.setStage(deployment.sha, {
          environment,
          stage: stage.stage,
          state: 'error',
          description: NOTE,
          targetUrl: deps.logUrl
        })
      }
      deps.reporter.warning(
        `deployment ${deployment.id} of ${deployment.sha.slice(0, 7)} to ${environment} was left unfinished by a stopped run: marked error`
      )
    } catch (error) {
      deps.reporter.warning(
        `could not close deployment ${deployment.id} left by a stopped run: ${(error as Error).message}`
      )
    }
  }
}
