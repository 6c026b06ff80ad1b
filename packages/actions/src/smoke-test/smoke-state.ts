import * as core from '@actions/core'
import { createActionContext } from '../action-deps.js'

const KEY = 'smoke'

/** Saved before the pending status, so `post` knows what to close. */
export function rememberSmoke(environment: string, sha: string): void {
  core.saveState(KEY, JSON.stringify({ environment, sha }))
}

/** The run posted its own final status: nothing is left for `post`. */
export function forgetSmoke(): void {
  core.saveState(KEY, '')
}

/**
 * Post step: a job killed or cancelled mid-test must not leave
 * `rehearse/<env>/smoke` pending (a required check would wait forever).
 */
export async function cleanUpSmoke(): Promise<void> {
  const saved = core.getState(KEY)
  if (!saved) return
  const { environment, sha } = JSON.parse(saved) as {
    environment: string
    sha: string
  }
  const { deps } = createActionContext(core.getInput('token'))
  const stages = await deps.ledger.readStages(sha)
  const smoke = stages.find(
    s => s.environment === environment && s.stage === 'smoke'
  )
  if (smoke?.state !== 'pending') return
  await deps.ledger.setStage(sha, {
    environment,
    stage: 'smoke',
    state: 'error',
    description: 'Cancelled: the job stopped before the smoke test finished',
    targetUrl: deps.logUrl
  })
  core.info(`marked rehearse/${environment}/smoke as error`)
}
