import { randomUUID } from 'node:crypto'
import { open, readFile, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { ConfigurationError } from '@rehearse/core'

/** Timing of {@link withFileLock}; the defaults suit a CLI. */
export interface FileLockOptions {
  /** A lock older than this is taken over even if its holder lives (30 s). */
  readonly staleMs?: number
  /** Give up waiting for the lock after this long (15 s). */
  readonly timeoutMs?: number
}

/** What a lock file holds: who took it, and when. */
export interface LockOwner {
  readonly pid: number
  readonly host: string
  readonly token: string
  readonly acquiredAt: string
}

interface SeenLock {
  readonly owner: LockOwner | undefined
  readonly ino: number
  readonly mtimeMs: number
}

/**
 * Runs `body` while holding an exclusive lock file, across processes. The
 * file is created with `wx` (fails if it exists), so exactly one process
 * holds it; the others retry with backoff until `timeoutMs`. A lock whose
 * holder died, or older than `staleMs`, is removed and competed for again.
 */
export async function withFileLock<T>(
  path: string,
  body: () => Promise<T>,
  options: FileLockOptions = {}
): Promise<T> {
  const owner = await acquire(path, options)
  try {
    return await body()
  } finally {
    await release(path, owner)
  }
}

async function acquire(
  path: string,
  options: FileLockOptions
): Promise<LockOwner> {
  const staleMs = options.staleMs ?? 30_000
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  for (let attempt = 0; ; attempt += 1) {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      token: randomUUID(),
      acquiredAt: new Date().toISOString()
    }
    if (await createExclusive(path, JSON.stringify(owner))) return owner
    await removeIfStale(path, staleMs)
    if (Date.now() >= deadline) throw lockTimeout(path, await inspect(path))
    // Exponential backoff with jitter, so waiting processes do not retry
    // in lockstep: 2, 4, 8 ... 64 ms.
    await sleep(Math.min(2 ** (attempt + 1), 64) * (0.5 + Math.random()))
  }
}

/** Creates `path` only if it does not exist; false if it does. */
export async function createExclusive(
  path: string,
  content: string
): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(content)
  } finally {
    await handle.close()
  }
  return true
}

async function release(path: string, owner: LockOwner): Promise<void> {
  // If a slow holder's lock was taken over as stale, the file now belongs to
  // another process: leave it alone.
  const seen = await inspect(path)
  if (seen?.owner?.token === owner.token) await unlinkIfPresent(path)
}

async function inspect(path: string): Promise<SeenLock | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    return { owner: parseOwner(text), ino: info.ino, mtimeMs: info.mtimeMs }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    if (typeof value.pid === 'number' && typeof value.token === 'string') {
      return value as LockOwner
    }
  } catch {
    // Empty or half-written: its holder is between open and write.
  }
  return undefined
}

const EMPTY_GRACE_MS = 1000

/** Whether the lock's holder is gone, or has held it for too long. */
export function isStale(
  seen: SeenLock,
  staleMs: number,
  now = Date.now()
): boolean {
  const owner = seen.owner
  // A live holder writes its owner right after creating the file; one that
  // stays empty was left by a process killed in between.
  if (!owner) return !(now - seen.mtimeMs <= Math.min(staleMs, EMPTY_GRACE_MS))
  if (!(now - Date.parse(owner.acquiredAt) <= staleMs)) return true
  return owner.host === hostname() && !isAlive(owner.pid)
}

/** Whether a process with this pid exists on this host. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

// Several waiters may find the same stale lock. Only the one that creates
// the takeover marker removes it, after checking it is still that same
// lock: otherwise a waiter could delete a fresh lock another one just took.
async function removeIfStale(path: string, staleMs: number): Promise<void> {
  const seen = await inspect(path)
  if (!seen || !isStale(seen, staleMs)) return
  const marker = `${path}.takeover`
  if (!(await createExclusive(marker, String(process.pid)))) {
    const other = await inspect(marker)
    if (other && isStale({ ...other, owner: undefined }, staleMs)) {
      await unlinkIfPresent(marker)
    }
    return
  }
  try {
    const again = await inspect(path)
    if (again && sameLock(again, seen)) await unlinkIfPresent(path)
  } finally {
    await unlinkIfPresent(marker)
  }
}

function sameLock(a: SeenLock, b: SeenLock): boolean {
  return (
    a.ino === b.ino &&
    a.mtimeMs === b.mtimeMs &&
    a.owner?.token === b.owner?.token
  )
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

function lockTimeout(path: string, seen: SeenLock | undefined): Error {
  const holder = seen?.owner
    ? `process ${seen.owner.pid} on ${seen.owner.host} since ${seen.owner.acquiredAt}`
    : 'another process'
  return new ConfigurationError(
    `the ledger is locked by ${holder} (${path}). Wait for the other rehearse command to finish; if none is running, delete the lock file.`,
    { reason: 'ledger_locked' }
  )
}
