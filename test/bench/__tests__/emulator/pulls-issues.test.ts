import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import {
  client,
  expectNoViolations,
  startBench,
  statusOf,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench
let head: string

beforeAll(async () => {
  bench = await startBench({
    collaborators: {
      alice: 'maintain',
      bob: 'write',
      carol: 'triage',
      dave: 'read',
      erin: 'admin'
    },
    tokens: {
      'alice-token': 'alice',
      'bob-token': 'bob',
      'test-token': 'github-actions[bot]'
    }
  })
  await bench.repo.branch('topic')
  await bench.repo.checkout('topic')
  head = await bench.repo.commit({
    files: { 'src/a.ts': 'export const a = 1\n' },
    message: 'Add a'
  })
  await bench.repo.commit({
    files: { 'src/b.ts': 'export const b = 2\n' },
    message: 'Add b'
  })
  head = await bench.repo.head()
  await bench.repo.checkout('main')
  await bench.gh.syncRefsFromGit()
})

afterAll(() => stopBench(bench))

afterEach(() => expectNoViolations(bench.gh))

describe('pull requests', () => {
  it('returns a seeded pull request in the full GitHub shape with diff stats from git', async () => {
    bench.gh.seedPull({
      number: 10,
      title: 'Add things',
      user: 'alice',
      head: { ref: 'topic', sha: head }
    })
    const { data } = await bench.octokit.rest.pulls.get({
      ...bench.params,
      pull_number: 10
    })
    expect(data).toMatchObject({
      number: 10,
      title: 'Add things',
      state: 'open',
      draft: false,
      merged: false,
      user: { login: 'alice' },
      head: {
        ref: 'topic',
        sha: head,
        label: 'acme:topic',
        repo: { full_name: 'acme/widgets', fork: false }
      },
      base: {
        ref: 'main',
        sha: bench.initial,
        repo: { full_name: 'acme/widgets' }
      },
      commits: 2,
      additions: 2,
      changed_files: 2,
      author_association: 'COLLABORATOR'
    })
    expect(
      await statusOf(
        bench.octokit.rest.pulls.get({ ...bench.params, pull_number: 999 })
      )
    ).toBe(404)
  })

  it('shows a fork as a head repository other than the base', async () => {
    bench.gh.seedPull({
      number: 11,
      draft: true,
      user: 'mallory',
      head: { ref: 'patch-1', sha: head, repo: 'mallory/widgets' }
    })
    const { data } = await bench.octokit.rest.pulls.get({
      ...bench.params,
      pull_number: 11
    })
    expect(data.head.repo.full_name).toBe('mallory/widgets')
    expect(data.head.repo.fork).toBe(true)
    expect(data.head.label).toBe('mallory:patch-1')
    expect(data.base.repo.full_name).toBe('acme/widgets')
    expect(data.draft).toBe(true)
    expect(data.author_association).toBe('CONTRIBUTOR')
  })

  it('lists by state, newest first, with pagination', async () => {
    bench.gh.seedPull({
      number: 12,
      state: 'closed',
      merged: true,
      mergeCommitSha: head,
      head: { ref: 'old', sha: head }
    })
    const open = await bench.octokit.rest.pulls.list({ ...bench.params })
    expect(open.data.map(p => p.number)).toEqual([11, 10])
    const closed = await bench.octokit.rest.pulls.list({
      ...bench.params,
      state: 'closed'
    })
    expect(closed.data.map(p => [p.number, p.merged_at !== null])).toEqual([
      [12, true]
    ])
    const all = await bench.octokit.paginate(bench.octokit.rest.pulls.list, {
      ...bench.params,
      state: 'all',
      per_page: 1
    })
    expect(all.map(p => p.number)).toEqual([12, 11, 10])
    const byHead = await bench.octokit.rest.pulls.list({
      ...bench.params,
      head: 'mallory:patch-1'
    })
    expect(byHead.data.map(p => p.number)).toEqual([11])
  })
})

describe('issue comments', () => {
  it('creates, gets, updates, lists and deletes comments on a pull request', async () => {
    const created = await bench.octokit.rest.issues.createComment({
      ...bench.params,
      issue_number: 10,
      body: 'first'
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      body: 'first',
      user: { login: 'github-actions[bot]', type: 'Bot' }
    })
    expect(created.data.html_url).toContain(
      '/acme/widgets/pull/10#issuecomment-'
    )
    const second = await bench.octokit.rest.issues.createComment({
      ...bench.params,
      issue_number: 10,
      body: 'second'
    })
    const id = created.data.id
    await bench.octokit.rest.issues.updateComment({
      ...bench.params,
      comment_id: id,
      body: 'first, edited'
    })
    const read = await bench.octokit.rest.issues.getComment({
      ...bench.params,
      comment_id: id
    })
    expect(read.data.body).toBe('first, edited')
    const listed = await bench.octokit.paginate(
      bench.octokit.rest.issues.listComments,
      {
        ...bench.params,
        issue_number: 10,
        per_page: 1
      }
    )
    expect(listed.map(c => c.id)).toEqual([id, second.data.id])
    const deleted = await bench.octokit.rest.issues.deleteComment({
      ...bench.params,
      comment_id: second.data.id
    })
    expect(deleted.status).toBe(204)
    expect(
      await statusOf(
        bench.octokit.rest.issues.getComment({
          ...bench.params,
          comment_id: second.data.id
        })
      )
    ).toBe(404)
  })

  it('comments on seeded issues and refuses issues that do not exist', async () => {
    const issue = bench.gh.seedIssue({ title: 'Bug' })
    const { data } = await bench.octokit.rest.issues.createComment({
      ...bench.params,
      issue_number: issue.number,
      body: 'on an issue'
    })
    expect(data.html_url).toContain(`/issues/${issue.number}#`)
    const missing = bench.octokit.rest.issues.createComment({
      ...bench.params,
      issue_number: 9999,
      body: 'x'
    })
    expect(await statusOf(missing)).toBe(404)
  })
})

describe('reactions', () => {
  it('answers 201 for a new reaction and 200 when the same user repeats it', async () => {
    const { data: comment } = await bench.octokit.rest.issues.createComment({
      ...bench.params,
      issue_number: 10,
      body: '/rehearse'
    })
    const react = (octokit = bench.octokit, content: '+1' | 'eyes' = 'eyes') =>
      octokit.rest.reactions.createForIssueComment({
        ...bench.params,
        comment_id: comment.id,
        content
      })
    const first = await react()
    const again = await react()
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.data.id).toBe(first.data.id)
    const byAlice = await react(client(bench.gh, 'alice-token'))
    expect(byAlice.status).toBe(201)
    expect(byAlice.data.user?.login).toBe('alice')
    await react(bench.octokit, '+1')
    const eyes = await bench.octokit.rest.reactions.listForIssueComment({
      ...bench.params,
      comment_id: comment.id,
      content: 'eyes'
    })
    expect(eyes.data.map(r => r.user?.login)).toEqual([
      'github-actions[bot]',
      'alice'
    ])
    const read = await bench.octokit.rest.issues.getComment({
      ...bench.params,
      comment_id: comment.id
    })
    expect(read.data.reactions).toMatchObject({
      total_count: 3,
      eyes: 2,
      '+1': 1
    })
  })

  it('reacts to an issue or pull request itself', async () => {
    const react = () =>
      bench.octokit.rest.reactions.createForIssue({
        ...bench.params,
        issue_number: 10,
        content: 'rocket'
      })
    expect((await react()).status).toBe(201)
    expect((await react()).status).toBe(200)
  })

  it('refuses an unknown token with 401 Bad credentials when tokens are configured', async () => {
    const stranger = client(bench.gh, 'nope')
    expect(
      await statusOf(
        stranger.rest.pulls.get({ ...bench.params, pull_number: 10 })
      )
    ).toBe(401)
  })
})

describe('collaborator permission', () => {
  it('maps maintain to write and triage to read while role_name keeps the real role', async () => {
    const permission = async (username: string) =>
      (
        await bench.octokit.rest.repos.getCollaboratorPermissionLevel({
          ...bench.params,
          username
        })
      ).data
    const rows = await Promise.all(
      ['acme', 'erin', 'alice', 'bob', 'carol', 'dave'].map(async login => {
        const data = await permission(login)
        return [login, data.permission, data.role_name, data.user?.login]
      })
    )
    expect(rows).toEqual([
      ['acme', 'admin', 'admin', 'acme'],
      ['erin', 'admin', 'admin', 'erin'],
      ['alice', 'write', 'maintain', 'alice'],
      ['bob', 'write', 'write', 'bob'],
      ['carol', 'read', 'triage', 'carol'],
      ['dave', 'read', 'read', 'dave']
    ])
    expect((await permission('alice')).user?.permissions).toEqual({
      admin: false,
      maintain: true,
      push: true,
      triage: true,
      pull: true
    })
  })

  it('answers 404 for unknown users and follows setPermission', async () => {
    const get = () =>
      bench.octokit.rest.repos.getCollaboratorPermissionLevel({
        ...bench.params,
        username: 'zed'
      })
    expect(await statusOf(get())).toBe(404)
    bench.gh.setPermission('zed', 'read')
    expect((await get()).data.permission).toBe('read')
    bench.gh.setPermission('zed', 'none')
    expect((await get()).data.permission).toBe('none')
  })
})

describe('the repository', () => {
  it('reports the default branch and the caller permissions', async () => {
    const { data } = await client(bench.gh, 'bob-token').rest.repos.get({
      ...bench.params
    })
    expect(data).toMatchObject({
      full_name: 'acme/widgets',
      default_branch: 'main'
    })
    expect(data.permissions).toMatchObject({
      admin: false,
      push: true,
      pull: true
    })
    expect(
      await statusOf(
        bench.octokit.rest.repos.get({ owner: 'acme', repo: 'other' })
      )
    ).toBe(404)
  })
})
