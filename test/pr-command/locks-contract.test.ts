import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '@rehearse/bench'
import type { Emulator } from '@rehearse/bench'
import { createFileLocks } from '../../packages/cli/src/locks/file-locks.js'
import type { Clock, LockClaim, Locks } from '@rehearse/engine'
import { createGitHubLocks, createOctokit, lockBranch } from '@rehearse/github'

// The same contract for both implementations: GitHub's git-ref locks and
// the CLI's lock file. Each test uses its own environment name.

let gh: Emulator
let dir: string
const clock = { at: Date.parse('2030-01-01T10:00:00Z') }
const fakeClock: Clock = { now: () => new Date(clock.at) }

beforeAll(async () => {
  gh = await startEmulator({ owner: 'acme', repo: 'widgets' })
  dir = await mkdtemp(join(tmpdir(), 'rehearse-locks-'))
})
afterAll(async () => {
  expect(gh.violations).toEqual([])
  await gh.close()
  await rm(dir, { recursive: true, force: true })
})

function githubLocks(graceMs = 30_000): Locks {
  const octokit = createOctokit({
    token: 'test',
    baseUrl: gh.url,
    env: { REHEARSE_TEST_NO_THROTTLE: '1' },
    logger: { warning: () => undefined }
  })
  return createGitHubLocks({
    octokit,
    owner: 'acme',
    repo: 'widgets',
    clock: fakeClock,
    tombstoneGraceMs: graceMs,
    sleep: () => new Promise(done => setTimeout(done, 5))
  })
}

const implementations: [string, () => Locks][] = [
  ['GitHub refs', () => githubLocks()],
  [
    'the CLI file',
    () => createFileLocks(join(dir, 'locks.json'), { clock: fakeClock })
  ]
]

const run = (
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
  ...extra
})
const hold = (owner: string, runId: string, reason = 'QA'): LockClaim => ({
  owner,
  reason,
  runId,
  kind: 'hold'
})

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

describe('locks on GitHub refs', () => {
  const api = () => githubLocks(200)

  it('keeps the lock on a branch whose commit carries the claim as JSON', async () => {
    await api().acquire('json', run('alice', 'r1'))
    const sha = gh.state.refs.get(`refs/heads/${lockBranch('json')}`)
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    const octokit = createOctokit({ token: 't', baseUrl: gh.url })
    const { data } = await octokit.rest.git.getCommit({
      owner: 'acme',
      repo: 'widgets',
      commit_sha: sha ?? ''
    })
    expect(data.message).toMatch(
      /^Rehearse: json locked by @alice \(run\)\n\n\{/
    )
  })

  it('blocks everyone on a lock branch it cannot read, never repairing it', async () => {
    const octokit = createOctokit({ token: 't', baseUrl: gh.url })
    const [main] = [...gh.state.refs.values()]
    await octokit.rest.git.createRef({
      owner: 'acme',
      repo: 'widgets',
      ref: `refs/heads/${lockBranch('odd')}`,
      sha: main ?? ''
    })
    const attempt = await api().acquire('odd', run('alice', 'r1'))
    expect(attempt).toMatchObject({
      acquired: false,
      heldBy: { unreadable: true }
    })
    expect(gh.state.refs.get(`refs/heads/${lockBranch('odd')}`)).toBe(main)
  })

  it('takes over a released lock whose releaser died before deleting it', async () => {
    const locks = api()
    const taken = await locks.acquire('stale', run('alice', 'r1'))
    if (!taken.acquired) throw new Error('not acquired')
    // Released, but the branch delete never arrived.
    gh.inject({ kind: 'status', status: 503, method: 'DELETE' })
    expect(await locks.release('stale', taken.lock)).toBe('released')
    expect(gh.state.refs.has(`refs/heads/${lockBranch('stale')}`)).toBe(true)
    expect(await locks.read('stale')).toBeUndefined()
    await new Promise(done => setTimeout(done, 250))
    clock.at = Date.now()
    const next = await locks.acquire('stale', run('bob', 'r2'))
    expect(next).toMatchObject({ acquired: true, lock: { owner: 'bob' } })
  })

  it('holds an environment whose name is no valid branch name', async () => {
    expect(lockBranch('a..b')).toBe('rehearse-lock/_612e2e62')
    const attempt = await api().acquire('a..b', run('alice', 'r1'))
    expect(attempt.acquired).toBe(true)
  })
})
