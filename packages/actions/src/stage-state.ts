import * as core from '@actions/core'
import { createActionContext } from './action-deps.js'

/** Saved before the pending status, so `post` knows what to close. */
export function rememberStage(
  stage: string,
  environment: string,
  sha: string
): void {
  core.saveState(stage, JSON.stringify({ environment, sha }))
}

/** The run posted its own final status: nothing is left for `post`. */
export function forgetStage(stage: string): void {
  core.saveState(stage, '')
}

/**
 * Post step: a job killed or cancelled mid-stage must not leave
 * `rehearse/<env>/<stage>` pending — a required check would wait forever.
 */
export async function closePendingStage(
  stage: string,
  activity: string
): Promise<void> {
  const saved = core.getState(stage)
  if (!saved) return
  const { environment, sha } = JSON.parse(saved) as {
    environment: string
    sha: string
  }
  const { deps } = createActionContext(core.getInput('token'))
  const stages = await deps.ledger.readStages(sha)
  const status = stages.find(
    s => s.environment === environment && s.stage === stage
  )
  if (status?.state !== 'pending') return
  await deps.ledger.setStage(sha, {
    environment,
    stage,
    state: 'error',
    description: `Cancelled: the job stopped before ${activity} finished`,
    targetUrl: deps.logUrl
  })
  core.info(`marked rehearse/${environment}/${stage} as error`)
}
