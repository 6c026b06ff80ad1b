import { decideAcquire, effectiveLock, storedClaim } from '@rehearse/engine'
import type {
  Clock,
  HeldLock,
  LockAttempt,
  Locks,
  StoredLockClaim
} from '@rehearse/engine'

/** {@link Locks} in memory, plus a look at every lock. */
export interface MemoryLocks extends Locks {
  /** A copy of every environment's stored lock (lapsed ones too). */
  snapshot(): Record<string, HeldLock>
}

/**
 * Environment locks in memory, following the engine's shared rules
 * (`decideAcquire`, `effectiveLock`, `storedClaim`) exactly as the CLI's
 * lock file does: compare-and-delete release by version, and a run lock
 * nested in its owner's hold gives the hold back when released.
 */
export function createMemoryLocks(
  options: { clock?: Clock } = {}
): MemoryLocks {
  const clock = options.clock ?? { now: () => new Date() }
  const locks = new Map<string, HeldLock>()
  let versions = 0
  const version = () => `memory-${++versions}`
  const copy = <T>(value: T): T => structuredClone(value)

  const acquire = (
    environment: string,
    claim: Parameters<Locks['acquire']>[1]
  ): LockAttempt => {
    const now = clock.now()
    const current = locks.get(environment)
    const decision = current && decideAcquire(current, claim, now)
    // A lapsed run inside a hold counts as that hold.
    const effective = effectiveLock(current, now) ?? current
    if (effective && decision === 'held')
      return { acquired: false, heldBy: copy(effective) }
    if (effective && decision === 'adopt')
      return { acquired: true, lock: copy(effective) }
    const lock: HeldLock = {
      ...storedClaim(claim, now),
      environment,
      version: version(),
      ...(effective && decision === 'nest'
        ? { resumes: withoutVersion(effective) }
        : {})
    }
    locks.set(environment, lock)
    return { acquired: true, lock: copy(lock) }
  }

  const release = (
    environment: string,
    lock: HeldLock,
    remove: boolean
  ): 'released' | 'not-held' => {
    const current = locks.get(environment)
    if (current?.version !== lock.version) return 'not-held'
    if (current.resumes && !remove) {
      locks.set(environment, {
        ...current.resumes,
        environment,
        version: version()
      })
    } else {
      locks.delete(environment)
    }
    return 'released'
  }

  return {
    acquire: async (environment, claim) => acquire(environment, claim),
    release: async (environment, lock, releaseOptions = {}) =>
      release(environment, lock, releaseOptions.remove === true),
    read: async environment => {
      const lock = locks.get(environment)
      return lock && copy(lock)
    },
    snapshot: () => copy(Object.fromEntries(locks))
  }
}

function withoutVersion(lock: HeldLock): StoredLockClaim {
  const { environment: _e, version: _v, resumes: _r, ...claim } = lock
  return claim
}
