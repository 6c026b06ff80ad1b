import * as core from '@actions/core'
import { createActionContext } from './action-deps.js'

const KEY = 'deployment'

/** Saved before anything is written, so `post` knows what to clean up. */
export function rememberDeployment(environment: string, sha: string): void {
  core.saveState(KEY, JSON.stringify({ environment, sha }))
}

/** The run recorded its own outcome: nothing is left for `post`. */
export function forgetDeployment(): void {
  core.saveState(KEY, '')
}

/**
 * Post step: a job killed or cancelled mid-deploy must not leave its
 * deployment `in_progress` or its status `pending` forever.
 */
export async function cleanUpDeployment(): Promise<void> {
  const saved = core.getState(KEY)
  if (!saved) return
  const { environment, sha } = JSON.parse(saved) as {
    environment: string
    sha: string
  }
  // Only the token: post must not fail again on an input main refused.
  const { deps } = createActionContext(core.getInput('token'))
  const description = 'Cancelled: the job stopped before the deploy finished'
  const deployment = await deps.ledger.findDeployment(environment, sha)
  if (deployment?.state === 'in_progress') {
    await deps.ledger.setDeploymentState(deployment.id, 'error', {
      logUrl: deps.logUrl,
      description
    })
    core.info(`marked deployment ${deployment.id} as error (${description})`)
  }
  const stages = await deps.ledger.readStages(sha)
  for (const stage of stages.filter(
    s => s.environment === environment && s.state === 'pending'
  )) {
    await deps.ledger.setStage(sha, {
      environment,
      stage: stage.stage,
      state: 'error',
      description,
      targetUrl: deps.logUrl
    })
    core.info(`marked rehearse/${environment}/${stage.stage} as error`)
  }
}
