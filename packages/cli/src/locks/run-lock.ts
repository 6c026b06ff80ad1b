import { randomUUID } from 'node:crypto'
import { hostname, userInfo } from 'node:os'
import { ConfigurationError } from '@rehearse/core'
import { describeLock } from '@rehearse/engine'
import type { Locks } from '@rehearse/engine'

/** Who this `rehearse` process is, for the locks it takes. */
export interface LocalIdentity {
  readonly owner: string
  readonly runId: string
}

/** The local user, and a run id unique to this process. */
export function localIdentity(): LocalIdentity {
  let owner = 'local'
  try {
    owner = userInfo().username || owner
  } catch {
    // No passwd entry (some containers): a generic name still locks.
  }
  return {
    owner,
    runId: `cli:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  }
}

/**
 * Runs `body` holding the environment's lock for this process, so two
 * `rehearse` commands never deploy one environment at once; refuses with
 * `environment_locked` when someone else holds it.
 */
export async function withRunLock<T>(
  locks: Locks,
  identity: LocalIdentity,
  environment: string,
  body: () => Promise<T>
): Promise<T> {
  const attempt = await locks.acquire(environment, {
    owner: identity.owner,
    reason: `rehearse on ${hostname()}`,
    runId: identity.runId,
    kind: 'run',
    leaseMinutes: 120
  })
  if (!attempt.acquired) {
    throw new ConfigurationError(
      `${describeLock(attempt.heldBy)} Wait for it to finish.`,
      { reason: 'environment_locked' }
    )
  }
  try {
    return await body()
  } finally {
    await locks.release(environment, attempt.lock)
  }
}
