import { randomUUID } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import {
  decideAcquire,
  effectiveLock,
  lockIsActive,
  storedClaim
} from '@rehearse/engine'
import type { Clock, HeldLock, LockAttempt, Locks } from '@rehearse/engine'
import { removeLeftoverTemps, writeFileAtomic } from '../ledger/atomic-file.js'
import { isAlive, withFileLock } from '../ledger/file-lock.js'
import type { FileLockOptions } from '../ledger/file-lock.js'
import { parseLocalRunId } from './run-lock.js'

/** Where a repository keeps its local environment locks, beside the ledger. */
export function defaultLocksPath(repositoryRoot: string): string {
  return join(repositoryRoot, '.rehearse', 'locks.json')
}

interface LocksFile {
  readonly format: 'rehearse-locks'
  readonly version: 1
  /** Environment name → its lock. */
  readonly locks: Record<string, HeldLock>
}

/** Settings of {@link createFileLocks}. */
export interface FileLocksOptions {
  readonly clock?: Clock
  readonly lock?: FileLockOptions
}

/** The file's locks, plus what `rehearse status` lists. */
export interface FileLocks extends Locks {
  readonly path: string
  /** Every environment's lock, lapsed or not, by environment name. */
  list(): Promise<HeldLock[]>
}

/**
 * {@link Locks} in a JSON file next to the ledger. Every change is a
 * read-modify-write under the same exclusive lock file and atomic rename
 * as the ledger's, so taking a lock and compare-and-delete are atomic
 * across `rehearse` processes. A run lock whose `rehearse` process on this
 * host is gone reads as lapsed ({@link lapseIfHolderGone}).
 */
export function createFileLocks(
  path: string,
  options: FileLocksOptions = {}
): FileLocks {
  const clock = options.clock ?? { now: () => new Date() }
  const update = async <T>(change: (locks: Map<string, HeldLock>) => T) => {
    await mkdir(dirname(path), { recursive: true })
    return withFileLock(
      `${path}.lock`,
      async () => {
        await removeLeftoverTemps(path)
        const locks = await readLocks(path, clock.now())
        const result = change(locks)
        const file: LocksFile = {
          format: 'rehearse-locks',
          version: 1,
          locks: Object.fromEntries(locks)
        }
        await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`)
        return result
      },
      options.lock
    )
  }

  return {
    path,
    acquire: (environment, claim) =>
      update((locks): LockAttempt => {
        const now = clock.now()
        const current = locks.get(environment)
        const decision = current && decideAcquire(current, claim, now)
        // A lapsed run inside a hold counts as that hold.
        const effective = effectiveLock(current, now) ?? current
        if (effective && decision === 'held')
          return { acquired: false, heldBy: effective }
        if (effective && decision === 'adopt')
          return { acquired: true, lock: effective }
        const lock: HeldLock = {
          ...storedClaim(claim, now),
          environment,
          version: randomUUID(),
          ...(effective && decision === 'nest'
            ? { resumes: withoutVersion(effective) }
            : {})
        }
        locks.set(environment, lock)
        return { acquired: true, lock }
      }),
    release: (environment, lock, releaseOptions = {}) =>
      update(locks => {
        const current = locks.get(environment)
        if (current?.version !== lock.version) return 'not-held' as const
        if (current.resumes && !releaseOptions.remove) {
          locks.set(environment, {
            ...current.resumes,
            environment,
            version: randomUUID()
          })
        } else {
          locks.delete(environment)
        }
        return 'released' as const
      }),
    read: async environment =>
      (await readLocks(path, clock.now())).get(environment),
    list: async () => [...(await readLocks(path, clock.now())).values()]
  }
}

/**
 * Whether the lock is a run lock of a `rehearse` process on this host that
 * no longer exists (killed, crashed). EPERM from the probe means the
 * process exists under another user: alive. Another host's processes
 * cannot be seen from here: there only the lease ends a lock.
 */
export function holderIsGone(lock: HeldLock): boolean {
  if (lock.kind !== 'run' || lock.unreadable) return false
  const holder = parseLocalRunId(lock.runId)
  return holder?.host === hostname() && !isAlive(holder.pid)
}

/**
 * A lock whose holder is gone lapses at once, whatever its lease says: its
 * expiry becomes the time it was taken, so every reader (the engine's
 * effectiveLock too) sees it lapsed, a hold it was taken inside is back in
 * force, and the next acquire takes it over.
 */
export function lapseIfHolderGone(lock: HeldLock, now: Date): HeldLock {
  if (!lockIsActive(lock, now) || !holderIsGone(lock)) return lock
  const taken = Date.parse(lock.acquiredAt)
  const expiresAt =
    Number.isNaN(taken) || taken > now.getTime()
      ? now.toISOString()
      : lock.acquiredAt
  return { ...lock, expiresAt }
}

function withoutVersion(lock: HeldLock) {
  const { environment: _e, version: _v, resumes: _r, ...claim } = lock
  return claim
}

async function readLocks(
  path: string,
  now: Date
): Promise<Map<string, HeldLock>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
    throw error
  }
  // A file we cannot read would silently unlock everything: refuse instead.
  let data: Partial<LocksFile> | null
  try {
    data = JSON.parse(text) as Partial<LocksFile> | null
  } catch {
    data = null
  }
  if (data?.format !== 'rehearse-locks' || typeof data.locks !== 'object') {
    throw new ConfigurationError(
      `${path} is not a readable rehearse locks file. If no rehearse command is running, delete it (it only holds environment locks).`,
      { reason: 'locks_unreadable' }
    )
  }
  return new Map(
    Object.entries(data.locks ?? {}).map(([environment, lock]) => [
      environment,
      lapseIfHolderGone(lock, now)
    ])
  )
}
