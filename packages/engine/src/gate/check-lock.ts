import { describeLock } from '../pipeline/locks.js'
import type { HeldLock } from '../ports.js'
import type { GateCheck } from './types.js'

/** The target's lock as the run found it. */
export interface LockFinding {
  /** This run holds it (taken in preflight). */
  readonly mine: boolean
  /** Someone else's lock in force, if any (a noop only reads). */
  readonly holder: HeldLock | undefined
}

/** The target is not locked by someone else (`environment_locked`). */
export function checkLock(target: string, finding: LockFinding): GateCheck {
  const id = `lock:${target}`
  const title = `${target} is not locked by anyone else`
  if (!finding.holder) {
    return {
      id,
      title,
      ok: true,
      message: finding.mine ? 'held by this run' : 'it is not'
    }
  }
  return {
    id,
    title,
    ok: false,
    reason: 'environment_locked',
    message: `${describeLock(finding.holder)} Promote after it is released (.unlock ${target}).`
  }
}
