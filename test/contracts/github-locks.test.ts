import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createGitHubLocks, lockBranch } from '@rehearse/github'
import { OWNER, REPO, startGitHub } from './github-bench.js'
import type { GitHubBench } from './github-bench.js'
import { fakeClock, run } from './lock-claims.js'

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
    clock: fakeClock
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

  it('leaves a released branch that is a free lock, taken at once', async () => {
    const locks = api()
    const taken = await locks.acquire('free', run('alice', 'r1'))
    if (!taken.acquired) throw new Error('not acquired')
    expect(await locks.release('free', taken.lock)).toBe('released')
    // Never deleted: GitHub has no conditional delete, and an unconditional
    // one could remove a lock someone took in between.
    const ref = `refs/heads/${lockBranch('free')}`
    expect(bench.gh.state.refs.has(ref)).toBe(true)
    expect(bench.gh.requests.filter(r => r.method === 'DELETE')).toEqual([])
    expect(await locks.read('free')).toBeUndefined()
    const next = await locks.acquire('free', run('bob', 'r2'))
    expect(next).toMatchObject({ acquired: true, lock: { owner: 'bob' } })
  })

  it('holds an environment whose name is no valid branch name', async () => {
    expect(lockBranch('a..b')).toBe('rehearse-lock/_612e2e62')
    const attempt = await api().acquire('a..b', run('alice', 'r1'))
    expect(attempt.acquired).toBe(true)
  })
})
