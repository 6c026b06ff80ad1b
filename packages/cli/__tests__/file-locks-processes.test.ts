import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { effectiveLock, lockIsActive } from '@rehearse/engine'
import type { HeldLock, LockClaim } from '@rehearse/engine'
import { createFileLocks } from '../src/locks/file-locks.js'
import { localIdentity } from '../src/locks/run-lock.js'
import { finished, spawnTs } from './support/spawn-ts.js'

const HOLDER = fileURLToPath(
  new URL('./support/lock-holder.ts', import.meta.url)
)

let dir: string
let path: string
const children: ChildProcess[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rehearse-locks-'))
  path = join(dir, 'locks.json')
})

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

/** Starts a lock-holder process and waits until it holds the lock. */
async function holder(environment: string) {
  const child = spawnTs(HOLDER, [path, environment])
  children.push(child)
  const done = finished(child)
  const runId = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += String(chunk)
      const match = /^locked (\S+)\n/.exec(out)
      if (match?.[1]) resolve(match[1])
    })
    void done.then(result =>
      reject(new Error(`holder exited: ${JSON.stringify(result)}`))
    )
  })
  return { child, done, runId }
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise(resolve => child.once('close', resolve))
  return child.pid ?? 0
}

const claim = (owner: string): LockClaim => ({
  owner,
  reason: 'the next run',
  runId: localIdentity().runId,
  kind: 'run',
  leaseMinutes: 120
})

function lockFile(locks: Record<string, Partial<HeldLock>>): Promise<void> {
  return writeFile(
    path,
    JSON.stringify({ format: 'rehearse-locks', version: 1, locks })
  )
}

describe('file locks whose holder died', () => {
  it('keeps the run lock of a live process on this host, and refuses others', async () => {
    const { runId } = await holder('staging')
    const locks = createFileLocks(path)
    const held = await locks.read('staging')
    expect(held).toMatchObject({ runId, kind: 'run' })
    expect(lockIsActive(held as HeldLock, new Date())).toBe(true)
    const attempt = await locks.acquire('staging', claim('bob'))
    expect(attempt).toMatchObject({ acquired: false, heldBy: { runId } })
  })

  it('reads the run lock of a process killed with SIGKILL as lapsed, and lets the next run take it at once', async () => {
    const { child, done, runId } = await holder('staging')
    child.kill('SIGKILL')
    expect((await done).signal).toBe('SIGKILL')
    const locks = createFileLocks(path)
    const dead = await locks.read('staging')
    expect(dead?.runId).toBe(runId)
    expect(dead?.expiresAt).toBe(dead?.acquiredAt)
    expect(effectiveLock(dead, new Date())).toBeUndefined()
    const next = await locks.acquire('staging', claim('bob'))
    expect(next).toMatchObject({ acquired: true, lock: { owner: 'bob' } })
    expect(await locks.read('staging')).toMatchObject({ owner: 'bob' })
  })

  it('gives back the hold a dead run was taken inside', async () => {
    const locks = createFileLocks(path)
    const me = localIdentity().owner
    const hold = await locks.acquire('staging', {
      owner: me,
      reason: 'freeze',
      runId: 'cli-hold',
      kind: 'hold'
    })
    expect(hold.acquired).toBe(true)
    const { child, done } = await holder('staging')
    expect(await locks.read('staging')).toMatchObject({
      kind: 'run',
      resumes: { kind: 'hold', reason: 'freeze' }
    })
    child.kill('SIGKILL')
    await done
    const now = new Date()
    expect(effectiveLock(await locks.read('staging'), now)).toMatchObject({
      kind: 'hold',
      owner: me,
      reason: 'freeze'
    })
    const other = await locks.acquire('staging', claim(`not-${me}`))
    expect(other).toMatchObject({ acquired: false, heldBy: { kind: 'hold' } })
  })

  it('leaves run locks of other hosts, of live processes of other users, and of other tools to their lease', async () => {
    const gone = await deadPid()
    const acquiredAt = new Date(Date.now() - 60_000).toISOString()
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString()
    const stored = (runId: string, kind: 'run' | 'hold' = 'run') => ({
      owner: 'carol',
      reason: 'elsewhere',
      runId,
      kind,
      acquiredAt,
      expiresAt,
      version: runId
    })
    await lockFile({
      // Same pid, another machine sharing the directory.
      a: {
        ...stored(`cli:not-${hostname()}:${gone}:0123abcd`),
        environment: 'a'
      },
      // pid 1 exists (EPERM for a normal user): alive.
      b: { ...stored(`cli:${hostname()}:1:0123abcd`), environment: 'b' },
      // Not a CLI run id: a GitHub run, a hand-written lock.
      c: { ...stored('github:42:1'), environment: 'c' },
      // A hold taken by a process that has since exited: holds on.
      d: {
        ...stored(`cli:${hostname()}:${gone}:0123abcd`, 'hold'),
        environment: 'd'
      }
    })
    const locks = createFileLocks(path)
    for (const environment of ['a', 'b', 'c', 'd']) {
      const lock = await locks.read(environment)
      expect(lock?.expiresAt).toBe(expiresAt)
      const attempt = await locks.acquire(environment, claim('bob'))
      expect(attempt.acquired).toBe(false)
    }
  })
})
