import type { HeldLock, LockClaim, StoredLockClaim } from '../ports.js'

/** Whether a lock still holds at `now` (an unreadable one always does). */
export function lockIsActive(lock: HeldLock, now: Date): boolean {
  if (lock.unreadable) return true
  if (!lock.expiresAt) return true
  const expires = Date.parse(lock.expiresAt)
  // An expiry nobody can read is not a lapse: fail closed.
  return Number.isNaN(expires) || expires > now.getTime()
}

/**
 * The lock in force at `now`: the lock itself while it holds; once a run
 * lock taken inside a hold lapses (its runner died), the hold it resumes;
 * otherwise none. The version stays the stored one, for compare-and-swap.
 */
export function effectiveLock(
  lock: HeldLock | undefined,
  now: Date
): HeldLock | undefined {
  if (!lock) return undefined
  if (lockIsActive(lock, now)) return lock
  if (!lock.resumes) return undefined
  const hold: HeldLock = {
    ...lock.resumes,
    environment: lock.environment,
    version: lock.version
  }
  return lockIsActive(hold, now) ? hold : undefined
}

/** Whether the lock stops the run `runId` at `now`. */
export function lockBlocks(
  lock: HeldLock | undefined,
  runId: string | undefined,
  now: Date
): boolean {
  const current = effectiveLock(lock, now)
  if (!current) return false
  return (
    current.unreadable === true ||
    runId === undefined ||
    current.runId !== runId
  )
}

const sameLogin = (a: string, b: string): boolean =>
  a.toLowerCase() === b.toLowerCase()

/** What {@link decideAcquire} tells a lock implementation to do. */
export type AcquireDecision =
  /** This run (or owner, for a hold) already holds it: take it as is. */
  | 'adopt'
  /** Lapsed: replace it, compare-and-swap against the version read. */
  | 'take-over'
  /** The owner's hold lock: put this run's lock inside it. */
  | 'nest'
  /** Someone else's: refuse. */
  | 'held'

/**
 * The one rule both lock implementations follow when the lock exists.
 * A second run of the same owner is refused, never let share: sharing
 * would let the first run's cleanup free the lock under the second.
 */
export function decideAcquire(
  stored: HeldLock,
  claim: LockClaim,
  now: Date
): AcquireDecision {
  const current = effectiveLock(stored, now)
  if (!current) return 'take-over'
  if (current.unreadable) return 'held'
  if (current.kind === claim.kind && current.runId === claim.runId)
    return (claim.attempt ?? 1) > (current.attempt ?? 1) ? 'take-over' : 'adopt'
  if (current.kind === 'hold' && sameLogin(current.owner, claim.owner)) {
    if (claim.kind === 'hold') return 'adopt'
    if (claim.nest) return 'nest'
  }
  return 'held'
}

/** The stored form of a claim taken at `now`. */
export function storedClaim(claim: LockClaim, now: Date): StoredLockClaim {
  const expiresAt =
    claim.leaseMinutes === undefined
      ? undefined
      : new Date(now.getTime() + claim.leaseMinutes * 60_000).toISOString()
  return { ...claim, acquiredAt: now.toISOString(), expiresAt }
}

/** One line for people: who holds the lock, why, since and until when. */
export function describeLock(lock: HeldLock): string {
  if (lock.unreadable) {
    return `${lock.environment} is locked, but the lock cannot be read (${lock.reason}). Remove it with .unlock ${lock.environment} if it is stale.`
  }
  const what = lock.kind === 'hold' ? 'locked' : 'being deployed'
  const pr = lock.pr === undefined ? '' : ` from #${lock.pr}`
  const reason = lock.reason ? `: "${lock.reason}"` : ''
  const until = lock.expiresAt
    ? `, until ${lock.expiresAt}`
    : ', until unlocked'
  return `${lock.environment} is ${what} by @${lock.owner}${pr}${reason} (since ${lock.acquiredAt}${until}).`
}
