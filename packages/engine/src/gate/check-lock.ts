import { describeLock, effectiveLock, lockBlocks } from '../pipeline/locks.js'
import type { Clock, Locks } from '../ports.js'
import type { GateCheck } from './types.js'

/** The target is not locked by someone else (`environment_locked`). */
export async function checkLock(
  locks: Locks,
  target: string,
  runId: string | undefined,
  clock: Clock
): Promise<GateCheck> {
  const now = clock.now()
  const lock = effectiveLock(await locks.read(target), now)
  const id = `lock:${target}`
  const title = `${target} is not locked`
  if (!lock || !lockBlocks(lock, runId, now)) {
    return {
      id,
      title,
      ok: true,
      message: lock ? 'held by this run' : 'it is not'
    }
  }
  return {
    id,
    title,
    ok: false,
    reason: 'environment_locked',
    message: `${describeLock(lock)} Promote after it is released (.unlock ${target}).`
  }
}
