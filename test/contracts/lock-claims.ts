import type { Clock, LockClaim } from '@rehearse/engine'

/** A clock the tests move by hand (lease expiry without waiting). */
export const clock = { at: Date.parse('2030-01-01T10:00:00Z') }
export const fakeClock: Clock = { now: () => new Date(clock.at) }

/** A `run` claim of a person (it may nest in their hold): leased, from PR 42. */
export const run = (
  owner: string,
  runId: string,
  extra: Partial<LockClaim> = {}
): LockClaim => ({
  owner,
  reason: `deploy by ${owner}`,
  runId,
  kind: 'run',
  leaseMinutes: 60,
  pr: 42,
  nest: true,
  ...extra
})

/** A `hold` claim: until unlocked. */
export const hold = (
  owner: string,
  runId: string,
  reason = 'QA'
): LockClaim => ({ owner, reason, runId, kind: 'hold' })
