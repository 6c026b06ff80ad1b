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

const SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

/** A commit on `branch`, pushed (synced) unless told not to. */
async function commitOn(branch: string, push = true): Promise<string> {
  const current = await bench.repo.currentBranch()
  await bench.repo.git('checkout', '-q', '-B', branch)
  const sha = await bench.repo.commit({
    files: { [`${branch}.txt`]: `${Date.now()}\n` },
    message: `on ${branch}`
  })
  await bench.repo.checkout(current)
  if (push) await bench.gh.syncRefsFromGit()
  return sha
}

const suitesOf = (ref: string, query: Record<string, unknown> = {}) =>
  bench.octokit.rest.checks.listSuitesForRef({
    ...bench.params,
    ref,
    ...query
  })

describe('check suites', () => {
  it('a push gives the new branch head a suite with GitHub’s time, once', async () => {
    const before = bench.gh.state.refs.get('refs/heads/topic')
    const sha = await commitOn('topic')
    const { data } = await suitesOf(sha)
    expect(data.total_count).toBe(1)
    expect(data.check_suites[0]).toMatchObject({
      head_sha: sha,
      head_branch: 'topic',
      before: before ?? '0'.repeat(40),
      after: sha,
      status: 'queued',
      conclusion: null,
      latest_check_runs_count: 0,
      app: { slug: 'github-actions' },
      head_commit: { id: sha, message: 'on topic' }
    })
    expect(data.check_suites[0]?.created_at).toMatch(SECOND)
    await bench.gh.syncRefsFromGit()
    bench.gh.setRef('heads/copy', sha)
    expect((await suitesOf('topic')).data.total_count).toBe(1)
  })

  it('the first check run of an unpushed commit creates the suite; later runs join it', async () => {
    const sha = await commitOn('quiet', false)
    expect((await suitesOf(sha)).data.total_count).toBe(0)
    const run = (name: string, conclusion?: 'success' | 'failure') =>
      bench.octokit.rest.checks.create({
        ...bench.params,
        head_sha: sha,
        name,
        ...(conclusion ? { conclusion } : { status: 'in_progress' })
      })
    const first = await run('build')
    const second = await run('lint', 'success')
    expect(second.data.check_suite?.id).toBe(first.data.check_suite?.id)
    const { data } = await suitesOf(sha)
    expect(data.check_suites).toHaveLength(1)
    expect(data.check_suites[0]).toMatchObject({
      id: first.data.check_suite?.id,
      head_branch: null,
      before: null,
      after: null,
      status: 'in_progress',
      latest_check_runs_count: 2
    })
    await run('build', 'failure')
    expect((await suitesOf(sha)).data.check_suites[0]).toMatchObject({
      status: 'completed',
      conclusion: 'failure'
    })
    const named = await suitesOf(sha, { check_name: 'lint' })
    expect(named.data.total_count).toBe(1)
    expect((await suitesOf(sha, { check_name: 'e2e' })).data.total_count).toBe(
      0
    )
  })

  it('seeded suites keep their time, list oldest first, page, and filter by app', async () => {
    const sha = await commitOn('seeded', false)
    const times = ['2024-03-01T10:00:00Z', '2024-03-01T09:00:00Z']
    for (const createdAt of times)
      bench.gh.seedCheckSuite({ headSha: sha, createdAt })
    const { data } = await suitesOf(sha, { per_page: 1 })
    expect(data.total_count).toBe(2)
    expect(data.check_suites.map(s => s.created_at)).toEqual([times[0]])
    const all = await bench.octokit.paginate(
      bench.octokit.rest.checks.listSuitesForRef,
      { ...bench.params, ref: sha, per_page: 1 }
    )
    expect(all.map(s => s.created_at)).toEqual(times)
    expect((await suitesOf(sha, { app_id: 15368 })).data.total_count).toBe(2)
    expect((await suitesOf(sha, { app_id: 1 })).data.total_count).toBe(0)
    const one = await bench.octokit.rest.checks.getSuite({
      ...bench.params,
      check_suite_id: data.check_suites[0]?.id ?? 0
    })
    expect(one.data.created_at).toBe(times[0])
  })

  it('an unknown ref is 422, an unknown suite 404', async () => {
    expect(await statusOf(suitesOf('no-such-branch'))).toBe(422)
    expect(
      await statusOf(
        bench.octokit.rest.checks.getSuite({
          ...bench.params,
          check_suite_id: 1
        })
      )
    ).toBe(404)
  })
})

describe('the issue timeline', () => {
  const timeline = (issue_number: number, per_page = 100) =>
    bench.octokit.rest.issues.listEventsForTimeline({
      ...bench.params,
      issue_number,
      per_page
    })

  it('lists commits, comments and force pushes of a pull request in order', async () => {
    const head = await commitOn('pr-topic')
    bench.gh.seedPull({ number: 7, head: { ref: 'pr-topic', sha: head } })
    bench.gh.seedComment({
      issueNumber: 7,
      body: '.deploy',
      user: 'alice',
      createdAt: '2030-01-01T00:00:00Z'
    })
    bench.gh.seedIssueEvent({
      issueNumber: 7,
      event: 'head_ref_force_pushed',
      commitId: head,
      actor: 'bob',
      createdAt: '2030-01-01T00:00:05Z'
    })
    const { data } = await timeline(7)
    expect(data.map(e => e.event)).toEqual([
      'committed',
      'commented',
      'head_ref_force_pushed'
    ])
    expect(data[0]).toMatchObject({ sha: head, message: 'on pr-topic' })
    expect(data[1]).toMatchObject({
      body: '.deploy',
      user: { login: 'alice' },
      created_at: '2030-01-01T00:00:00Z'
    })
    expect(data[2]).toMatchObject({
      actor: { login: 'bob' },
      commit_id: head,
      created_at: '2030-01-01T00:00:05Z'
    })
  })

  it('pages a long timeline and answers 404 for an unknown issue', async () => {
    const issue = bench.gh.seedIssue()
    for (let i = 0; i < 5; i++)
      bench.gh.seedComment({ issueNumber: issue.number, body: `c${i}` })
    const first = await timeline(issue.number, 2)
    expect(first.data).toHaveLength(2)
    expect(first.headers.link).toContain('rel="next"')
    const all = await bench.octokit.paginate(
      bench.octokit.rest.issues.listEventsForTimeline,
      { ...bench.params, issue_number: issue.number, per_page: 2 }
    )
    expect(all.map(e => (e as { body?: string }).body)).toEqual([
      'c0',
      'c1',
      'c2',
      'c3',
      'c4'
    ])
    expect(await statusOf(timeline(999))).toBe(404)
  })
})
