import type { Octokit } from '@octokit/rest'
import { ConfigurationError } from '@rehearse/core'
import { decideAcquire, effectiveLock, storedClaim } from '@rehearse/engine'
import type {
  Clock,
  HeldLock,
  LockAttempt,
  LockClaim,
  Locks
} from '@rehearse/engine'
import { lockGitCalls } from './lock-git.js'
import type { LockCommit } from './lock-git.js'
import { heldLockOf } from './lock-record.js'
import type { LockRecord } from './lock-record.js'

/** Where the locks live. */
export interface GitHubLocksOptions {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
  /** Times claims and lapses (default: the system clock). */
  readonly clock?: Clock
}

const ATTEMPTS = 10
// How old a read may be to stand in for acquire's own first read.
const HANDOFF_MS = 2_000

/**
 * {@link Locks} on GitHub: a lock is the branch `rehearse-lock/<env>`
 * whose commit carries the claim as JSON (message and `lock.json`). Taking
 * it is creating the ref (atomic: a 422 means it exists); every other
 * change is a fast-forward to a child of the version read, which GitHub
 * refuses if anyone moved the ref meanwhile — a compare-and-swap. Release
 * swaps in a "released" commit and leaves the branch: a released branch is
 * a free lock, taken by the same compare-and-swap. The branch is never
 * deleted, because GitHub has no conditional delete: a delete racing a
 * new claim could remove a lock someone just took.
 */
export function createGitHubLocks(options: GitHubLocksOptions): Locks {
  const git = lockGitCalls(options)
  const clock = options.clock ?? { now: () => new Date() }
  // A caller reads the lock, then takes it (takeLock): when that read found
  // it free, acquire starts from it instead of reading the branch again.
  // Stale is safe there: taking a free lock is a create or a
  // compare-and-swap against the version read, and a refused one reads
  // again. A read that found it held is not reused: a stale "held" would
  // refuse a lock that is free now.
  let lastRead:
    | { environment: string; commit: LockCommit | undefined; at: number }
    | undefined
  const readFirst = (environment: string) => {
    const handed = lastRead
    lastRead = undefined
    const free =
      handed?.environment === environment &&
      performance.now() - handed.at < HANDOFF_MS &&
      (!handed.commit || handed.commit.record?.state === 'released')
    return free ? Promise.resolve(handed.commit) : git.read(environment)
  }

  async function acquire(
    environment: string,
    claim: LockClaim
  ): Promise<LockAttempt> {
    const now = clock.now()
    const held = { state: 'held', claim: storedClaim(claim, now) } as const
    const won = (version: string): LockAttempt => ({
      acquired: true,
      lock: heldLockOf(
        environment,
        version,
        held,
        now.toISOString()
      ) as HeldLock
    })
    let root: string | undefined
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // Read first: a held lock answers without writing anything, and a
      // released branch (the usual case) is taken by one swap.
      const current =
        attempt === 0
          ? await readFirst(environment)
          : await git.read(environment)
      if (!current) {
        root ??= await git.commit(environment, held, [])
        if (await git.createRef(environment, root)) return won(root)
        continue
      }
      if (current.record?.state === 'released') {
        const taken = await git.swap(environment, current.sha, held)
        if (taken) return won(taken)
        continue
      }
      const lock = heldLockOf(
        environment,
        current.sha,
        current.record,
        current.committedAt
      ) as HeldLock
      const decision = decideAcquire(lock, claim, now)
      // A lapsed run inside a hold counts as that hold.
      const effective = effectiveLock(lock, now) ?? lock
      if (decision === 'held') return { acquired: false, heldBy: effective }
      if (decision === 'adopt') return { acquired: true, lock: effective }
      const record: LockRecord =
        decision === 'nest'
          ? { ...held, resumes: stripped(effective) }
          : // An earlier attempt of this run inside its owner's hold: the
            // hold stays for when this attempt gives the lock back.
            lock.resumes && lock.runId === claim.runId
            ? { ...held, resumes: lock.resumes }
            : held
      const taken = await git.swap(environment, current.sha, record)
      if (taken) {
        const ours = heldLockOf(environment, taken, record, now.toISOString())
        return { acquired: true, lock: ours as HeldLock }
      }
    }
    throw new ConfigurationError(
      `the ${environment} lock kept changing while Rehearse tried to take it; run the command again.`,
      { reason: 'environment_locked' }
    )
  }

  async function release(
    environment: string,
    lock: HeldLock,
    releaseOptions: { readonly remove?: boolean } = {}
  ): Promise<'released' | 'not-held'> {
    lastRead = undefined
    if (lock.resumes && !releaseOptions.remove && !lock.unreadable) {
      const restored = await git.swap(environment, lock.version, {
        state: 'held',
        claim: lock.resumes
      })
      return restored ? 'released' : 'not-held'
    }
    const released = await git.swap(environment, lock.version, {
      state: 'released'
    })
    return released ? 'released' : 'not-held'
  }

  return {
    acquire,
    release,
    read: async environment => {
      const current = await git.read(environment)
      lastRead = { environment, commit: current, at: performance.now() }
      if (!current) return undefined
      return heldLockOf(
        environment,
        current.sha,
        current.record,
        current.committedAt
      )
    }
  }
}

function stripped(lock: HeldLock) {
  const { environment: _e, version: _v, resumes: _r, ...claim } = lock
  return claim
}
