import { describeLock, effectiveLock } from '@rehearse/engine'
import type { HeldLock } from '@rehearse/engine'
import { holderIsGone } from '../locks/file-locks.js'
import { parseLocalRunId } from '../locks/run-lock.js'

/**
 * One line about an environment's lock as stored: who holds it, why, since
 * and until when; or why it no longer holds.
 */
export function describeStoredLock(lock: HeldLock, now: Date): string {
  const current = effectiveLock(lock, now)
  if (current) return describeLock(current)
  return `${lock.environment}: the lock of @${lock.owner}'s run (since ${lock.acquiredAt}) has lapsed: ${lapseCause(lock)}. The next run takes it over; rehearse unlock ${lock.environment} removes it.`
}

/** Why a run lock no longer holds, or who runs the run that holds it. */
export function lapseCause(lock: HeldLock): string {
  const holder = parseLocalRunId(lock.runId)
  if (holderIsGone(lock) && holder) {
    return `its process ${holder.pid} on this host is gone`
  }
  return `its lease ended at ${lock.expiresAt ?? '?'}`
}

/** Where the run holding a lock runs, for people deciding on --force. */
export function runHolder(lock: HeldLock): string {
  const holder = parseLocalRunId(lock.runId)
  if (!holder) return `run ${lock.runId}`
  return `process ${holder.pid} on ${holder.host}`
}
