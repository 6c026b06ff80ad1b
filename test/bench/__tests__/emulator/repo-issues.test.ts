import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import {
  expectNoViolations,
  startBench,
  statusOf,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench

beforeAll(async () => {
  bench = await startBench()
})

afterAll(() => stopBench(bench))

afterEach(() => expectNoViolations(bench.gh))

describe('issues', () => {
  it('creates an issue in GitHub’s shape, authored by the token’s login', async () => {
    const { data, status, headers } = await bench.octokit.rest.issues.create({
      ...bench.params,
      title: 'Drift between staging and production',
      body: '<!-- marker -->\nhello',
      labels: ['rehearse-drift', { name: 'ops' }]
    })
    expect(status).toBe(201)
    expect(headers.location).toBe(data.url)
    expect(data).toMatchObject({
      title: 'Drift between staging and production',
      body: '<!-- marker -->\nhello',
      state: 'open',
      state_reason: null,
      closed_at: null,
      comments: 0,
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: `https://github.com/acme/widgets/issues/${data.number}`
    })
    expect(data.labels.map(l => (typeof l === 'string' ? l : l.name))).toEqual([
      'rehearse-drift',
      'ops'
    ])
    const got = await bench.octokit.rest.issues.get({
      ...bench.params,
      issue_number: data.number
    })
    expect(got.data).toEqual(data)
  })

  it('answers 422 without a title, and 404 for an unknown issue', async () => {
    expect(
      await statusOf(
        bench.octokit.request('POST /repos/{owner}/{repo}/issues', {
          ...bench.params,
          body: 'no title'
        } as never)
      )
    ).toBe(422)
    // The request broke GitHub's schema on purpose: that is a violation.
    expect(bench.gh.violations).toHaveLength(1)
    bench.gh.violations.length = 0
    expect(
      await statusOf(
        bench.octokit.rest.issues.get({ ...bench.params, issue_number: 9999 })
      )
    ).toBe(404)
    expect(
      await statusOf(
        bench.octokit.rest.issues.update({
          ...bench.params,
          issue_number: 9999,
          body: 'x'
        })
      )
    ).toBe(404)
  })

  it('edits, closes with who and when, and reopens', async () => {
    const { data: created } = await bench.octokit.rest.issues.create({
      ...bench.params,
      title: 'to close'
    })
    const issue_number = created.number
    const edited = await bench.octokit.rest.issues.update({
      ...bench.params,
      issue_number,
      title: 'edited',
      body: 'new body'
    })
    expect(edited.data).toMatchObject({
      title: 'edited',
      body: 'new body',
      state: 'open'
    })
    const closed = await bench.octokit.rest.issues.update({
      ...bench.params,
      issue_number,
      state: 'closed',
      state_reason: 'completed'
    })
    expect(closed.data).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      closed_at: expect.any(String),
      closed_by: { login: 'github-actions[bot]' },
      body: 'new body'
    })
    const reopened = await bench.octokit.rest.issues.update({
      ...bench.params,
      issue_number,
      state: 'open'
    })
    expect(reopened.data).toMatchObject({
      state: 'open',
      state_reason: 'reopened',
      closed_at: null,
      closed_by: null
    })
  })

  it('lists by state, every label and creator, newest first, pull requests included', async () => {
    const fresh = await startBench()
    try {
      const gh = fresh.octokit.rest.issues
      const make = async (title: string, labels: string[]) =>
        (await gh.create({ ...fresh.params, title, labels })).data.number
      const a = await make('a', ['drift'])
      const b = await make('b', ['drift', 'ops'])
      const c = await make('c', [])
      await gh.update({ ...fresh.params, issue_number: a, state: 'closed' })
      fresh.gh.seedPull({
        number: 40,
        title: 'a pull',
        head: { ref: 'topic', sha: fresh.initial },
        labels: ['drift']
      })
      const list = async (query: Record<string, string>) =>
        (
          await fresh.octokit.request('GET /repos/{owner}/{repo}/issues', {
            ...fresh.params,
            ...query
          })
        ).data.map(i => [i.number, i.pull_request ? 'pull' : 'issue'])
      expect(await list({})).toEqual([
        [40, 'pull'],
        [c, 'issue'],
        [b, 'issue']
      ])
      expect(await list({ labels: 'drift', state: 'all' })).toEqual([
        [40, 'pull'],
        [b, 'issue'],
        [a, 'issue']
      ])
      expect(await list({ labels: 'drift,ops' })).toEqual([[b, 'issue']])
      expect(await list({ state: 'closed' })).toEqual([[a, 'issue']])
      expect(await list({ creator: 'octocat', state: 'all' })).toEqual([
        [40, 'pull']
      ])
      expect(
        await list({ labels: 'drift', state: 'all', direction: 'asc' })
      ).toEqual([
        [a, 'issue'],
        [b, 'issue'],
        [40, 'pull']
      ])
      const pull = await gh.get({ ...fresh.params, issue_number: 40 })
      expect(pull.data.pull_request?.html_url).toBe(
        'https://github.com/acme/widgets/pull/40'
      )
      expectNoViolations(fresh.gh)
    } finally {
      await stopBench(fresh)
    }
  })

  it('paginates the list with a Link header', async () => {
    const fresh = await startBench()
    try {
      for (const title of ['1', '2', '3'])
        await fresh.octokit.rest.issues.create({ ...fresh.params, title })
      const page = await fresh.octokit.rest.issues.listForRepo({
        ...fresh.params,
        per_page: 2
      })
      expect(page.data.map(i => i.title)).toEqual(['3', '2'])
      expect(page.headers.link).toContain('rel="next"')
      const all = await fresh.octokit.paginate(
        fresh.octokit.rest.issues.listForRepo,
        { ...fresh.params, per_page: 2 }
      )
      expect(all.map(i => i.title)).toEqual(['3', '2', '1'])
      expectNoViolations(fresh.gh)
    } finally {
      await stopBench(fresh)
    }
  })
})
