import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import {
  errorBody,
  expectNoViolations,
  startBench,
  statusOf,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench
let featureTip: string
let mergeCommit: string
let squashCommit: string
let mainBeforeMerge: string

// main:     initial ── docs ── merge(feature)
// feature:  initial ── f1 ── f2
// squashed: initial ── docs ── squash(feature)   (same tree as the merge)
beforeAll(async () => {
  bench = await startBench()
  const { repo } = bench
  await repo.branch('feature')
  await repo.checkout('feature')
  await repo.commit({
    files: { 'src/app.ts': 'export const v = 1\n' },
    message: 'feat: app'
  })
  featureTip = await repo.commit({
    files: { 'src/lib/util.ts': 'export {}\n' },
    message: 'feat: util'
  })
  await repo.checkout('main')
  mainBeforeMerge = await repo.commit({
    files: { 'docs/guide.md': '# Guide\n' },
    message: 'docs: guide'
  })
  await bench.gh.syncRefsFromGit()
})

afterAll(() => stopBench(bench))

afterEach(() => expectNoViolations(bench.gh))

describe('git refs', () => {
  it('creates a ref atomically: of 20 concurrent creates exactly one wins', async () => {
    const attempts = Array.from({ length: 20 }, () =>
      bench.octokit.rest.git
        .createRef({
          ...bench.params,
          ref: 'refs/heads/rehearsal/lock',
          sha: bench.initial
        })
        .then(
          response => response.status,
          (error: { status: number }) => error.status
        )
    )
    const statuses = await Promise.all(attempts)
    expect(statuses.filter(s => s === 201)).toHaveLength(1)
    expect(statuses.filter(s => s === 422)).toHaveLength(19)
    const body = await errorBody(
      bench.octokit.rest.git.createRef({
        ...bench.params,
        ref: 'refs/heads/rehearsal/lock',
        sha: bench.initial
      })
    )
    expect(body.message).toBe('Reference already exists')
  })

  it('gets, matches, fast-forwards and deletes refs without touching the git repository', async () => {
    const created = await bench.octokit.rest.git.createRef({
      ...bench.params,
      ref: 'refs/heads/rehearsal/pr-1',
      sha: bench.initial
    })
    expect(created.data).toMatchObject({
      ref: 'refs/heads/rehearsal/pr-1',
      object: { type: 'commit', sha: bench.initial }
    })
    const got = await bench.octokit.rest.git.getRef({
      ...bench.params,
      ref: 'heads/rehearsal/pr-1'
    })
    expect(got.data.object.sha).toBe(bench.initial)
    const matching = await bench.octokit.rest.git.listMatchingRefs({
      ...bench.params,
      ref: 'heads/rehearsal/'
    })
    expect(matching.data.map(r => r.ref)).toEqual([
      'refs/heads/rehearsal/lock',
      'refs/heads/rehearsal/pr-1'
    ])
    const update = (sha: string, force?: boolean) =>
      bench.octokit.rest.git.updateRef({
        ...bench.params,
        ref: 'heads/rehearsal/pr-1',
        sha,
        force
      })
    expect((await update(featureTip)).data.object.sha).toBe(featureTip)
    expect(await statusOf(update(mainBeforeMerge))).toBe(422)
    expect((await errorBody(update(mainBeforeMerge))).message).toBe(
      'Update is not a fast forward'
    )
    expect((await update(mainBeforeMerge, true)).data.object.sha).toBe(
      mainBeforeMerge
    )
    const deleted = await bench.octokit.rest.git.deleteRef({
      ...bench.params,
      ref: 'heads/rehearsal/pr-1'
    })
    expect(deleted.status).toBe(204)
    expect(
      await statusOf(
        bench.octokit.rest.git.getRef({
          ...bench.params,
          ref: 'heads/rehearsal/pr-1'
        })
      )
    ).toBe(404)
    const again = await errorBody(
      bench.octokit.rest.git.deleteRef({
        ...bench.params,
        ref: 'heads/rehearsal/pr-1'
      })
    )
    expect(again.message).toBe('Reference does not exist')
    expect(await bench.repo.git('branch', '--list', 'rehearsal/*')).toBe('')
  })

  it('supports compare-and-delete: a holder releases a lock ref only while it still holds it', async () => {
    const lock = { ...bench.params, ref: 'heads/rehearsal/cas' }
    // GitHub has no conditional delete: read, compare, then delete.
    const release = async (held: string) => {
      const current = await bench.octokit.rest.git.getRef(lock)
      if (current.data.object.sha !== held) return false
      await bench.octokit.rest.git.deleteRef(lock)
      return true
    }
    await bench.octokit.rest.git.createRef({
      ...bench.params,
      ref: 'refs/heads/rehearsal/cas',
      sha: bench.initial
    })
    await bench.octokit.rest.git.updateRef({ ...lock, sha: featureTip })
    expect(await release(bench.initial)).toBe(false)
    expect(bench.gh.state.refs.get('refs/heads/rehearsal/cas')).toBe(featureTip)
    expect(await release(featureTip)).toBe(true)
    expect(bench.gh.state.refs.has('refs/heads/rehearsal/cas')).toBe(false)
    expect(await statusOf(bench.octokit.rest.git.deleteRef(lock))).toBe(422)
  })

  it('refuses refs to objects git does not have and malformed ref names', async () => {
    const missing = bench.octokit.rest.git.createRef({
      ...bench.params,
      ref: 'refs/heads/x',
      sha: 'a'.repeat(40)
    })
    expect(await errorBody(missing)).toMatchObject({
      message: 'Object does not exist'
    })
    const short = bench.octokit.rest.git.createRef({
      ...bench.params,
      ref: 'heads',
      sha: bench.initial
    })
    expect(await statusOf(short)).toBe(422)
    const update = bench.octokit.rest.git.updateRef({
      ...bench.params,
      ref: 'heads/nope',
      sha: bench.initial
    })
    expect(await errorBody(update)).toMatchObject({
      message: 'Reference does not exist'
    })
  })
})

describe('commits, trees and comparisons from the git repository', () => {
  beforeAll(async () => {
    mergeCommit = await bench.repo.mergeNoFf('feature', 'Merge feature')
    await bench.repo.branch('squashed', mainBeforeMerge)
    await bench.repo.checkout('squashed')
    squashCommit = await bench.repo.squashMerge('feature', 'Squash feature')
    await bench.repo.checkout('main')
    await bench.gh.syncRefsFromGit()
  })

  it('reads a commit by branch or sha with its tree, parents, author and files', async () => {
    const { data } = await bench.octokit.rest.repos.getCommit({
      ...bench.params,
      ref: featureTip
    })
    expect(data.sha).toBe(featureTip)
    expect(data.commit.message).toBe('feat: util')
    expect(data.commit.tree.sha).toBe(await bench.repo.tree(featureTip))
    expect(data.commit.author).toMatchObject({
      name: 'rehearse-bench',
      email: 'rehearse-bench@users.noreply.github.com'
    })
    expect(data.author?.login).toBe('rehearse-bench')
    expect(data.parents).toHaveLength(1)
    expect(data.files?.map(f => [f.filename, f.status, f.additions])).toEqual([
      ['src/lib/util.ts', 'added', 1]
    ])
    const byBranch = await bench.octokit.rest.repos.getCommit({
      ...bench.params,
      ref: 'main'
    })
    expect(byBranch.data.sha).toBe(mergeCommit)
    const unknown = bench.octokit.rest.repos.getCommit({
      ...bench.params,
      ref: 'b'.repeat(40)
    })
    expect(await statusOf(unknown)).toBe(422)
  })

  it('reads a merge commit whose tree equals the squash commit tree', async () => {
    const merge = await bench.octokit.rest.git.getCommit({
      ...bench.params,
      commit_sha: mergeCommit
    })
    expect(merge.data.parents.map(p => p.sha)).toEqual([
      mainBeforeMerge,
      featureTip
    ])
    const squash = await bench.octokit.rest.git.getCommit({
      ...bench.params,
      commit_sha: squashCommit
    })
    expect(squash.data.parents.map(p => p.sha)).toEqual([mainBeforeMerge])
    expect(squash.data.sha).not.toBe(merge.data.sha)
    expect(merge.data.tree.sha).toBe(squash.data.tree.sha)
    expect(merge.data.tree.sha).toBe(await bench.repo.tree(mergeCommit))
    expect(
      await statusOf(
        bench.octokit.rest.git.getCommit({
          ...bench.params,
          commit_sha: 'c'.repeat(40)
        })
      )
    ).toBe(404)
  })

  it('lists a tree, recursively when asked', async () => {
    const tree = await bench.repo.tree(mergeCommit)
    const flat = await bench.octokit.rest.git.getTree({
      ...bench.params,
      tree_sha: tree
    })
    expect(flat.data.tree.map(e => [e.path, e.type])).toEqual([
      ['README.md', 'blob'],
      ['docs', 'tree'],
      ['src', 'tree']
    ])
    const deep = await bench.octokit.rest.git.getTree({
      ...bench.params,
      tree_sha: 'main',
      recursive: '1'
    })
    expect(deep.data.sha).toBe(tree)
    expect(deep.data.truncated).toBe(false)
    expect(deep.data.tree.map(e => e.path)).toEqual([
      'README.md',
      'docs',
      'docs/guide.md',
      'src',
      'src/app.ts',
      'src/lib',
      'src/lib/util.ts'
    ])
    expect(deep.data.tree.find(e => e.path === 'README.md')?.size).toBe(10)
  })

  it('compares ahead, behind, identical and diverged, by sha or branch name', async () => {
    const compare = async (basehead: string) =>
      (
        await bench.octokit.rest.repos.compareCommitsWithBasehead({
          ...bench.params,
          basehead
        })
      ).data
    const ahead = await compare(`${bench.initial}...feature`)
    expect(ahead).toMatchObject({
      status: 'ahead',
      ahead_by: 2,
      behind_by: 0,
      total_commits: 2
    })
    expect(ahead.merge_base_commit.sha).toBe(bench.initial)
    expect(ahead.commits.map(c => c.commit.message)).toEqual([
      'feat: app',
      'feat: util'
    ])
    expect(ahead.files?.map(f => f.filename)).toEqual([
      'src/app.ts',
      'src/lib/util.ts'
    ])
    const behind = await compare(`main...${bench.initial}`)
    expect(behind).toMatchObject({
      status: 'behind',
      ahead_by: 0,
      behind_by: 4
    })
    expect((await compare('main...main')).status).toBe('identical')
    const diverged = await compare(`feature...${mainBeforeMerge}`)
    expect(diverged).toMatchObject({
      status: 'diverged',
      ahead_by: 1,
      behind_by: 2
    })
    expect(diverged.merge_base_commit.sha).toBe(bench.initial)
    const viaBaseHead = await bench.octokit.rest.repos.compareCommits({
      ...bench.params,
      base: 'main',
      head: 'feature'
    })
    expect(viaBaseHead.data.status).toBe('behind')
    const unknown = bench.octokit.rest.repos.compareCommitsWithBasehead({
      ...bench.params,
      basehead: 'main...nope'
    })
    expect(await statusOf(unknown)).toBe(404)
  })

  it('reads a branch with its head commit, and 404s an unknown branch', async () => {
    const { data } = await bench.octokit.rest.repos.getBranch({
      ...bench.params,
      branch: 'feature'
    })
    expect(data).toMatchObject({
      name: 'feature',
      protected: false,
      commit: { sha: featureTip }
    })
    const missing = await errorBody(
      bench.octokit.rest.repos.getBranch({ ...bench.params, branch: 'nope' })
    )
    expect(missing.message).toBe('Branch not found')
  })
})

describe('the git repository helper', () => {
  it('makes reproducible commits without any global git config', async () => {
    const { createGitRepo } = await import('../../src/git/git-repo.js')
    const [a, b] = await Promise.all([createGitRepo(), createGitRepo()])
    try {
      const shaA = await a.commit({
        files: { 'x.txt': 'x\n' },
        message: 'same'
      })
      const shaB = await b.commit({
        files: { 'x.txt': 'x\n' },
        message: 'same'
      })
      expect(shaA).toBe(shaB)
      expect(await a.currentBranch()).toBe('main')
      await a.commit({ files: { 'x.txt': null }, message: 'remove x' })
      expect(await a.git('ls-files')).toBe('')
    } finally {
      await Promise.all([a.dispose(), b.dispose()])
    }
  })
})
