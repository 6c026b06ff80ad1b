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

beforeAll(async () => {
  bench = await startBench()
})

afterAll(() => stopBench(bench))

afterEach(() => expectNoViolations(bench.gh))

async function newCommit(message: string): Promise<string> {
  const sha = await bench.repo.commit({ message })
  await bench.gh.syncRefsFromGit()
  return sha
}

function setStatus(
  sha: string,
  context: string,
  state: 'error' | 'failure' | 'pending' | 'success'
) {
  return bench.octokit.rest.repos.createCommitStatus({
    ...bench.params,
    sha,
    context,
    state
  })
}

describe('commit statuses', () => {
  it('creates a status on an existing commit and lists them newest first', async () => {
    const sha = await newCommit('statuses')
    const created = await bench.octokit.rest.repos.createCommitStatus({
      ...bench.params,
      sha,
      state: 'pending',
      context: 'ci/build',
      description: 'Building',
      target_url: 'https://ci.example.com/1'
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      state: 'pending',
      context: 'ci/build',
      description: 'Building'
    })
    await setStatus(sha, 'ci/build', 'success')
    const { data } = await bench.octokit.rest.repos.listCommitStatusesForRef({
      ...bench.params,
      ref: 'main'
    })
    expect(data.map(s => s.state)).toEqual(['success', 'pending'])
    const defaulted = await bench.octokit.rest.repos.createCommitStatus({
      ...bench.params,
      sha,
      state: 'success'
    })
    expect(defaulted.data.context).toBe('default')
  })

  it('refuses a status for a sha git does not have with 422', async () => {
    const missing = '0123456789abcdef0123456789abcdef01234567'
    const body = await errorBody(setStatus(missing, 'ci', 'success'))
    expect(body.message).toBe(`No commit found for SHA: ${missing}`)
    expect(await statusOf(setStatus(missing, 'ci', 'success'))).toBe(422)
  })

  it('combines the latest status of each context into one state', async () => {
    const sha = await newCommit('combined')
    const combined = async () =>
      (
        await bench.octokit.rest.repos.getCombinedStatusForRef({
          ...bench.params,
          ref: sha
        })
      ).data
    expect(await combined()).toMatchObject({
      state: 'pending',
      total_count: 0,
      statuses: [],
      sha
    })
    await setStatus(sha, 'ci/test', 'pending')
    await setStatus(sha, 'ci/lint', 'success')
    expect((await combined()).state).toBe('pending')
    await setStatus(sha, 'ci/test', 'success')
    const green = await combined()
    expect(green.state).toBe('success')
    expect(green.total_count).toBe(2)
    expect(green.statuses.map(s => [s.context, s.state]).sort()).toEqual([
      ['ci/lint', 'success'],
      ['ci/test', 'success']
    ])
    await setStatus(sha, 'ci/lint', 'error')
    expect((await combined()).state).toBe('failure')
    const byBranch = await bench.octokit.rest.repos.getCombinedStatusForRef({
      ...bench.params,
      ref: 'main'
    })
    expect(byBranch.data.sha).toBe(sha)
  })

  it('pages through 250 statuses with Link headers and octokit.paginate', async () => {
    const sha = await newCommit('many statuses')
    for (let i = 0; i < 250; i++) {
      bench.gh.state.commitStatuses.push({
        id: 1_000_000 + i,
        sha,
        state: 'success',
        context: `ctx-${i}`,
        description: null,
        targetUrl: null,
        creator: 'octocat',
        createdAt: '2024-01-01T00:00:00Z'
      })
    }
    const first = await bench.octokit.rest.repos.listCommitStatusesForRef({
      ...bench.params,
      ref: sha,
      per_page: 100
    })
    expect(first.data).toHaveLength(100)
    const url = `${bench.gh.url}/repos/acme/widgets/commits/${sha}/statuses?per_page=100`
    expect(first.headers.link).toBe(
      `<${url}&page=2>; rel="next", <${url}&page=3>; rel="last"`
    )
    const third = await bench.octokit.rest.repos.listCommitStatusesForRef({
      ...bench.params,
      ref: sha,
      per_page: 100,
      page: 3
    })
    expect(third.data).toHaveLength(50)
    expect(third.headers.link).toContain('rel="first"')
    expect(third.headers.link).toContain(`page=2>; rel="prev"`)
    expect(third.headers.link).not.toContain('rel="next"')
    const all = await bench.octokit.paginate(
      bench.octokit.rest.repos.listCommitStatusesForRef,
      {
        ...bench.params,
        ref: sha,
        per_page: 100
      }
    )
    expect(all).toHaveLength(250)
    expect(new Set(all.map(s => s.id)).size).toBe(250)
    const defaults = await bench.octokit.rest.repos.listCommitStatusesForRef({
      ...bench.params,
      ref: sha
    })
    expect(defaults.data).toHaveLength(30)
    const capped = await bench.octokit.rest.repos.listCommitStatusesForRef({
      ...bench.params,
      ref: sha,
      per_page: 500
    })
    expect(capped.data).toHaveLength(100)
  })
})

describe('check runs', () => {
  it('creates, updates and gets a check run; a conclusion completes it', async () => {
    const sha = await newCommit('checks')
    const created = await bench.octokit.rest.checks.create({
      ...bench.params,
      name: 'rehearse',
      head_sha: sha,
      status: 'in_progress',
      external_id: 'run-1',
      output: { title: 'Rehearsing', summary: 'Working' }
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      completed_at: null
    })
    const updated = await bench.octokit.rest.checks.update({
      ...bench.params,
      check_run_id: created.data.id,
      conclusion: 'success',
      output: { title: 'Done', summary: 'All good' }
    })
    expect(updated.data).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      external_id: 'run-1'
    })
    expect(updated.data.completed_at).toEqual(expect.any(String))
    expect(updated.data.output).toMatchObject({
      title: 'Done',
      summary: 'All good'
    })
    const read = await bench.octokit.rest.checks.get({
      ...bench.params,
      check_run_id: created.data.id
    })
    expect(read.data).toEqual(updated.data)
    const missing = bench.octokit.rest.checks.create({
      ...bench.params,
      name: 'x',
      head_sha: 'f'.repeat(40)
    })
    expect(await statusOf(missing)).toBe(422)
  })

  it('lists the latest run per name by default and every run with filter=all', async () => {
    const sha = await newCommit('reruns')
    const run = (name: string, conclusion: 'failure' | 'success') =>
      bench.octokit.rest.checks.create({
        ...bench.params,
        name,
        head_sha: sha,
        conclusion
      })
    await run('test', 'failure')
    const rerun = await run('test', 'success')
    const lint = await run('lint', 'success')
    const latest = await bench.octokit.rest.checks.listForRef({
      ...bench.params,
      ref: sha
    })
    expect(latest.data.total_count).toBe(2)
    expect(latest.data.check_runs.map(r => r.id)).toEqual([
      lint.data.id,
      rerun.data.id
    ])
    const all = await bench.octokit.rest.checks.listForRef({
      ...bench.params,
      ref: sha,
      filter: 'all'
    })
    expect(all.data.total_count).toBe(3)
    const named = await bench.octokit.rest.checks.listForRef({
      ...bench.params,
      ref: sha,
      filter: 'all',
      check_name: 'test'
    })
    expect(named.data.check_runs.map(r => r.conclusion)).toEqual([
      'success',
      'failure'
    ])
    const queued = await bench.octokit.rest.checks.listForRef({
      ...bench.params,
      ref: sha,
      status: 'queued'
    })
    expect(queued.data.total_count).toBe(0)
  })

  it('paginates check runs while total_count stays the full count', async () => {
    const sha = await newCommit('many checks')
    for (let i = 0; i < 7; i++) {
      await bench.octokit.rest.checks.create({
        ...bench.params,
        name: `job-${i}`,
        head_sha: sha
      })
    }
    const page = await bench.octokit.rest.checks.listForRef({
      ...bench.params,
      ref: 'main',
      per_page: 3,
      page: 3
    })
    expect(page.data.total_count).toBe(7)
    expect(page.data.check_runs).toHaveLength(1)
    const all = await bench.octokit.paginate(
      bench.octokit.rest.checks.listForRef,
      {
        ...bench.params,
        ref: sha,
        per_page: 3
      }
    )
    expect(all).toHaveLength(7)
  })

  it('links open pull requests whose head is the checked commit', async () => {
    const sha = await newCommit('pr head')
    bench.gh.seedPull({ number: 42, head: { ref: 'topic', sha } })
    const { data } = await bench.octokit.rest.checks.create({
      ...bench.params,
      name: 'pr-check',
      head_sha: sha
    })
    expect(data.pull_requests.map(p => p.number)).toEqual([42])
  })
})
