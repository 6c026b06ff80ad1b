import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createGitHubLocks, lockBranch } from '@rehearse/github'
import { OWNER, REPO, startGitHub } from './github-bench.js'
import type { GitHubBench } from './github-bench.js'
import { clock, fakeClock, run } from './lock-claims.js'

// What only the GitHub implementation has to get right: how a lock is kept
// on a branch, and the failures a ref store has that a file does not. The
// shared contract is in locks.contract.test.ts.

let bench: GitHubBench

beforeAll(async () => {
  bench = await startGitHub()
})
afterAll(async () => {
  bench.expectClean()
  await bench.close()
})

const api = () =>
  createGitHubLocks({
    octokit: bench.octokit(),
    owner: OWNER,
    repo: REPO,
    clock: fakeClock,
    tombstoneGraceMs: 200,
    sleep: () => new Promise(done => setTimeout(done, 5))
  })

describe('locks on GitHub refs', () => {
  it('keeps the lock on a branch whose commit carries the claim as JSON', async () => {
    await api().acquire('json', run('alice', 'r1'))
    const sha = bench.gh.state.refs.get(`refs/heads/${lockBranch('json')}`)
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    const { data } = await bench.octokit().rest.git.getCommit({
      owner: OWNER,
      repo: REPO,
      commit_sha: sha ?? ''
    })
    expect(data.message).toMatch(
      /^Rehearse: json locked by @alice \(run\)\n\n\{/
    )
  })

  it('blocks everyone on a lock branch it cannot read, never repairing it', async () => {
    const [main] = [...bench.gh.state.refs.values()]
    await bench.octokit().rest.git.createRef({
      owner: OWNER,
      repo: REPO,
      ref: `refs/heads/${lockBranch('odd')}`,
      sha: main ?? ''
    })
    const attempt = await api().acquire('odd', run('alice', 'r1'))
    expect(attempt).toMatchObject({
      acquired: false,
      heldBy: { unreadable: true }
    })
    expect(bench.gh.state.refs.get(`refs/heads/${lockBranch('odd')}`)).toBe(
      main
    )
  })

  it('takes over a released lock whose releaser died before deleting it', async () => {
    const locks = api()
    const taken = await locks.acquire('stale', run('alice', 'r1'))
    if (!taken.acquired) throw new Error('not acquired')
    // Released, but the branch delete never arrived.
    bench.gh.inject({ kind: 'status', status: 503, method: 'DELETE' })
    expect(await locks.release('stale', taken.lock)).toBe('released')
    const ref = `refs/heads/${lockBranch('stale')}`
    expect(bench.gh.state.refs.has(ref)).toBe(true)
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
