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
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench
beforeAll(async () => {
  bench = await startBench()
})
afterAll(() => stopBench(bench))
afterEach(() => expectNoViolations(bench.gh))

describe('git data writes', () => {
  it('writes a blob into the repository and reads it back', async () => {
    const { data, status } = await bench.octokit.rest.git.createBlob({
      ...bench.params,
      content: Buffer.from('lock\n').toString('base64'),
      encoding: 'base64'
    })
    expect(status).toBe(201)
    expect(await bench.repo.git('cat-file', '-p', data.sha)).toBe('lock\n')
    const read = await bench.octokit.rest.git.getBlob({
      ...bench.params,
      file_sha: data.sha
    })
    expect(Buffer.from(read.data.content, 'base64').toString()).toBe('lock\n')
    expect(read.data.size).toBe(5)
  })

  it('builds a tree with inline content and nested paths on a base tree', async () => {
    const base = await bench.repo.tree(bench.initial)
    const { data } = await bench.octokit.rest.git.createTree({
      ...bench.params,
      base_tree: base,
      tree: [
        { path: 'lock.json', mode: '100644', type: 'blob', content: '{}\n' },
        { path: 'a/b/c.txt', mode: '100644', type: 'blob', content: 'c\n' }
      ]
    })
    expect(data.tree.map(entry => [entry.path, entry.type])).toEqual([
      ['README.md', 'blob'],
      ['a', 'tree'],
      ['lock.json', 'blob']
    ])
    expect(await bench.repo.git('show', `${data.sha}:a/b/c.txt`)).toBe('c\n')
  })

  it('removes a path given a null sha', async () => {
    const base = await bench.repo.tree(bench.initial)
    const { data } = await bench.octokit.rest.git.createTree({
      ...bench.params,
      base_tree: base,
      tree: [{ path: 'README.md', mode: '100644', type: 'blob', sha: null }]
    })
    expect(data.tree).toEqual([])
  })

  it('refuses an entry with both sha and content, and unknown objects', async () => {
    const both = await errorBody(
      bench.octokit.rest.git.createTree({
        ...bench.params,
        tree: [
          {
            path: 'x',
            mode: '100644',
            type: 'blob',
            sha: bench.initial,
            content: 'x'
          }
        ]
      })
    )
    expect(both.message).toMatch(/either tree.sha or tree.content/)
    const missing = await errorBody(
      bench.octokit.rest.git.createTree({
        ...bench.params,
        tree: [{ path: 'x', mode: '100644', type: 'blob', sha: 'f'.repeat(40) }]
      })
    )
    expect(missing.message).toBe('GitRPC::BadObjectState')
  })

  it('commits with the token user and server time by default, moving no ref', async () => {
    const tree = await bench.repo.tree(bench.initial)
    const before = new Map(bench.gh.state.refs)
    const { data, status } = await bench.octokit.rest.git.createCommit({
      ...bench.params,
      message: 'lock: staging\n\n{"a":1}',
      tree,
      parents: [bench.initial]
    })
    expect(status).toBe(201)
    expect(data.message).toBe('lock: staging\n\n{"a":1}')
    expect(data.parents.map(p => p.sha)).toEqual([bench.initial])
    expect(data.author.name).toBe('github-actions[bot]')
    expect(Date.now() - Date.parse(data.committer.date)).toBeLessThan(10_000)
    expect(await bench.repo.git('cat-file', '-t', data.sha)).toBe('commit\n')
    expect(bench.gh.state.refs).toEqual(before)
  })

  it('makes a ref update a compare-and-swap: only a child of the current value fast-forwards', async () => {
    const tree = await bench.repo.tree(bench.initial)
    const commit = (parents: string[], message: string) =>
      bench.octokit.rest.git
        .createCommit({ ...bench.params, message, tree, parents })
        .then(r => r.data.sha)
    const root = await commit([], 'root')
    await bench.octokit.rest.git.createRef({
      ...bench.params,
      ref: 'refs/heads/cas',
      sha: root
    })
    const [a, b] = await Promise.all([commit([root], 'a'), commit([root], 'b')])
    const outcomes = await Promise.all(
      [a, b].map(sha =>
        bench.octokit.rest.git
          .updateRef({ ...bench.params, ref: 'heads/cas', sha, force: false })
          .then(
            () => 200,
            (error: { status: number }) => error.status
          )
      )
    )
    expect(outcomes.sort()).toEqual([200, 422])
  })

  it('refuses a commit on a missing tree or parent', async () => {
    const tree = await bench.repo.tree(bench.initial)
    const noTree = await errorBody(
      bench.octokit.rest.git.createCommit({
        ...bench.params,
        message: 'x',
        tree: 'e'.repeat(40)
      })
    )
    expect(noTree.message).toBe('Tree SHA does not exist')
    const noParent = await errorBody(
      bench.octokit.rest.git.createCommit({
        ...bench.params,
        message: 'x',
        tree,
        parents: [tree]
      })
    )
    expect(noParent.message).toBe(
      'Parent SHA does not exist or is not a commit object'
    )
  })
})

describe('seeded comments', () => {
  it('lets reactions land on a comment seeded with a payload id', async () => {
    bench.gh.seedPull({ number: 42, head: { ref: 'f', sha: bench.initial } })
    bench.gh.seedComment({ id: 123456, issueNumber: 42, body: '.deploy' })
    const { status } = await bench.octokit.rest.reactions.createForIssueComment(
      { ...bench.params, comment_id: 123456, content: 'eyes' }
    )
    expect(status).toBe(201)
  })
})
