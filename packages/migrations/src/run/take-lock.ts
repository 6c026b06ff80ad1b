import { ConfigurationError } from '@rehearse/core'
import type { RunContext } from './run-context.js'

/** Takes the migration lock, waiting (and saying so) while another run holds it. */
export async function takeLock(
  ctx: Pick<RunContext, 'db' | 'config' | 'reporter' | 'signal'>
): Promise<void> {
  const { db, config } = ctx
  if (await db.lock(0)) return
  const seconds = Math.round(config.waitMs / 1000)
  ctx.reporter.info(
    `another run is migrating ${db.label}; waiting up to ${seconds} s for it to finish`
  )
  const got = await db.lock(config.waitMs).catch((error: unknown) => {
    // Cancelling the job cancels the wait too; nothing was changed yet.
    if (ctx.signal?.aborted) {
      throw new ConfigurationError(
        'cancelled while waiting for the migration lock; nothing was changed',
        { reason: 'cancelled' }
      )
    }
    throw error
  })
  if (got) return
  throw new ConfigurationError(
    `another run kept the migration lock of ${db.label} for more than ${seconds} s. Let it finish (use a concurrency group in the workflow so runs queue), or raise migrations.wait-seconds.`,
    { reason: 'migration_lock_timeout' }
  )
}
