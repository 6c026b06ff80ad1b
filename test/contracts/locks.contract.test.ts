import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locks } from '@rehearse/engine'
import { createGitHubLocks } from '@rehearse/github'
import { createFileLocks } from '../../packages/cli/src/locks/file-locks.js'
import { createMemoryLocks } from '../support/index.js'
import { OWNER, REPO, startGitHub } from './github-bench.js'
import type { GitHubBench } from './github-bench.js'
import { clock, fakeClock, hold, run } from './lock-claims.js'

// One contract for every Locks implementation: GitHub's git-ref locks, the
// CLI's lock file, and the memory locks engine tests use. Each test uses its
// own environment name; GitHub-only behaviour is in github-locks.test.ts.

let bench: GitHubBench
let dir: string

beforeAll(async () => {
  bench = await startGitHub()
  dir = await mkdtemp(join(tmpdir(), 'rehearse-locks-'))
})
afterAll(async () => {
  bench.expectClean()
  await bench.close()
  await rm(dir, { recursive: true, force: true })
})

const implementations: [string, () => Locks][] = [
  [
    'GitHub refs',
    () =>
      createGitHubLocks({
        octokit: bench.octokit(),
        owner: OWNER,
        repo: REPO,
        clock: fakeClock
      })
  ],
  [
    'the CLI file',
    () => createFileLocks(join(dir, 'locks.json'), { clock: fakeClock })
  ],
  ['memory', () => createMemoryLocks({ clock: fakeClock })]
]

describe.each(implementations)('locks on %s', (_name, make) => {
  let env = 0
  const next = () => `env${++env}`

  it('is free, then held with owner, reason and PR, then free again after release', async () => {
    const locks = make()
    const e = next()
    clock.at = Date.parse('2030-01-01T10:00:00Z')
    expect(await locks.read(e)).toBeUndefined()
    const taken = await locks.acquire(e, run('alice', 'r1'))
    expect(taken.acquired).toBe(true)
    const held = await locks.read(e)
    expect(held).toMatchObject({
      environment: e,
      owner: 'alice',
      reason: 'deploy by alice',
      pr: 42,
      runId: 'r1',
      kind: 'run',
      expiresAt: '2030-01-01T11:00:00.000Z'
    })
    if (!taken.acquired) throw new Error('not acquired')
    expect(await locks.release(e, taken.lock)).toBe('released')
    expect(await locks.read(e)).toBeUndefined()
  })

  it('lets exactly one of twelve concurrent runs take a free lock', async () => {
    const locks = make()
    const e = next()
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        locks.acquire(e, run('alice', `r${i}`))
      )
    )
    const winners = attempts.filter(a => a.acquired)
    expect(winners).toHaveLength(1)
    const winner = winners[0]?.acquired ? winners[0].lock : undefined
    for (const loser of attempts.filter(a => !a.acquired)) {
      expect(loser.acquired ? '' : loser.heldBy.runId).toBe(winner?.runId)
    }
  })

  it('gives the same run its own lock again, and refuses the same person in another run', async () => {
    const locks = make()
    const e = next()
    const first = await locks.acquire(e, run('alice', 'r1'))
    const again = await locks.acquire(e, run('alice', 'r1'))
    expect(again).toEqual(first)
    const second = await locks.acquire(e, run('alice', 'r2'))
    expect(second).toMatchObject({ acquired: false, heldBy: { runId: 'r1' } })
  })

  it('nests a run inside its owner’s hold and gives the hold back on release', async () => {
    const locks = make()
    const e = next()
    await locks.acquire(e, hold('alice', 'h1', 'testing PR 42'))
    expect(await locks.acquire(e, run('bob', 'r1'))).toMatchObject({
      acquired: false,
      heldBy: { owner: 'alice', reason: 'testing PR 42', kind: 'hold' }
    })
    const nested = await locks.acquire(e, run('Alice', 'r2'))
    if (!nested.acquired) throw new Error('not nested')
    expect(nested.lock.resumes).toMatchObject({ owner: 'alice', kind: 'hold' })
    expect(await locks.acquire(e, run('alice', 'r3'))).toMatchObject({
      acquired: false,
      heldBy: { runId: 'r2' }
    })
    expect(await locks.release(e, nested.lock)).toBe('released')
    expect(await locks.read(e)).toMatchObject({
      owner: 'alice',
      kind: 'hold',
      reason: 'testing PR 42'
    })
  })

  it('keeps automation out of a hold even when it carries the owner’s name', async () => {
    const locks = make()
    const e = next()
    await locks.acquire(e, hold('alice', 'h1', 'QA'))
    expect(
      await locks.acquire(e, run('alice', 'push-1', { nest: false }))
    ).toMatchObject({ acquired: false, heldBy: { kind: 'hold', reason: 'QA' } })
  })

  it('lets a lapsed lease be taken over, and the late owner’s release leaves the new lock', async () => {
    const locks = make()
    const e = next()
    const old = await locks.acquire(e, run('alice', 'r1', { leaseMinutes: 1 }))
    clock.at += 2 * 60_000
    const fresh = await locks.acquire(e, run('bob', 'r2'))
    expect(fresh).toMatchObject({ acquired: true, lock: { owner: 'bob' } })
    if (!old.acquired) throw new Error('not acquired')
    expect(await locks.release(e, old.lock)).toBe('not-held')
    expect(await locks.read(e)).toMatchObject({ owner: 'bob', runId: 'r2' })
  })

  it('never removes a replacement taken after an unlock', async () => {
    const locks = make()
    const e = next()
    const first = await locks.acquire(e, run('alice', 'r1'))
    const current = await locks.read(e)
    if (!current || !first.acquired) throw new Error('not held')
    expect(await locks.release(e, current, { remove: true })).toBe('released')
    await locks.acquire(e, hold('carol', 'r9', 'freeze'))
    expect(await locks.release(e, first.lock)).toBe('not-held')
    expect(await locks.read(e)).toMatchObject({
      owner: 'carol',
      reason: 'freeze'
    })
  })

  it('gives the hold back when a run nested in it lapses without releasing', async () => {
    const locks = make()
    const e = next()
    await locks.acquire(e, hold('alice', 'h1', 'mine'))
    await locks.acquire(e, run('alice', 'r1', { leaseMinutes: 1 }))
    clock.at += 2 * 60_000
    expect(await locks.acquire(e, run('bob', 'r2'))).toMatchObject({
      acquired: false,
      heldBy: { owner: 'alice', kind: 'hold', reason: 'mine' }
    })
    const again = await locks.acquire(e, run('alice', 'r3'))
    if (!again.acquired) throw new Error('not nested')
    expect(again.lock.resumes).toMatchObject({ kind: 'hold', reason: 'mine' })
  })

  it('removes a nested run and its hold together when asked to', async () => {
    const locks = make()
    const e = next()
    await locks.acquire(e, hold('alice', 'h1'))
    const nested = await locks.acquire(e, run('alice', 'r1'))
    if (!nested.acquired) throw new Error('not nested')
    expect(await locks.release(e, nested.lock, { remove: true })).toBe(
      'released'
    )
    expect(await locks.read(e)).toBeUndefined()
  })
})
