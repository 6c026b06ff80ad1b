import * as core from '@actions/core'
import { createActionContext } from '../action-deps.js'

const KEY = 'migrations'

/** Saved before the status is set, so `post` knows what to clean up. */
export function rememberMigrations(environment: string, sha: string): void {
  core.saveState(KEY, JSON.stringify({ environment, sha }))
}

/** Main recorded its own outcome: nothing is left for `post`. */
export function forgetMigrations(): void {
  core.saveState(KEY, '')
}

/**
 * Post step: a job killed or cancelled mid-migration must not leave
 * `rehearse/<env>/migrations` pending. (The database needs no cleanup: a
 * PostgreSQL migration rolled back with its connection, a MySQL one is
 * recorded `running` and refused until someone resolves it, and the lock
 * went with the connection.)
 */
export async function cleanUpMigrations(): Promise<void> {
  const saved = core.getState(KEY)
  if (!saved) return
  const { environment, sha } = JSON.parse(saved) as {
    environment: string
    sha: string
  }
  const { deps } = createActionContext(core.getInput('token'))
  const stages = await deps.ledger.readStages(sha)
  const pending = stages.find(
    s =>
      s.environment === environment &&
      s.stage === 'migrations' &&
      s.state === 'pending'
  )
  if (!pending) return
  await deps.ledger.setStage(sha, {
    environment,
    stage: 'migrations',
    state: 'error',
    description: 'Cancelled: the job stopped before the migrations finished',
    targetUrl: deps.logUrl
  })
  core.info(`marked rehearse/${environment}/migrations as error`)
}
