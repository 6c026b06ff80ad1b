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
let feature: string

beforeAll(async () => {
  bench = await startBench()
  await bench.repo.branch('feature')
  await bench.repo.checkout('feature')
  feature = await bench.repo.commit({
    files: { 'a.txt': 'a\n' },
    message: 'Add a'
  })
  await bench.repo.checkout('main')
  await bench.repo.git('tag', 'v1.0.0', bench.initial)
  await bench.gh.syncRefsFromGit()
})

afterAll(() => stopBench(bench))

afterEach(() => expectNoViolations(bench.gh))

type Deployment = Awaited<
  ReturnType<Bench['octokit']['rest']['repos']['getDeployment']>
>['data']

// 202 (auto-merged) is the only non-deployment answer; the emulator never
// merges, so narrow the union once here.
async function create(ref: string, extra: Record<string, unknown> = {}) {
  const response = await bench.octokit.rest.repos.createDeployment({
    ...bench.params,
    ref,
    required_contexts: [],
    ...extra
  })
  return { ...response, data: response.data as Deployment }
}

function success(deploymentId: number, extra: Record<string, unknown> = {}) {
  return bench.octokit.rest.repos.createDeploymentStatus({
    ...bench.params,
    deployment_id: deploymentId,
    state: 'success',
    ...extra
  })
}

async function latestState(deploymentId: number): Promise<string | undefined> {
  const { data } = await bench.octokit.rest.repos.listDeploymentStatuses({
    ...bench.params,
    deployment_id: deploymentId
  })
  return data[0]?.state
}

describe('creating deployments', () => {
  it('resolves a branch, a tag or a sha to the commit and applies GitHub defaults', async () => {
    const byBranch = await create('feature')
    const byTag = await create('v1.0.0')
    const bySha = await create(feature.slice(0, 12))
    expect(byBranch.status).toBe(201)
    expect(byBranch.data).toMatchObject({
      sha: feature,
      ref: 'feature',
      task: 'deploy',
      environment: 'production',
      original_environment: 'production',
      production_environment: true,
      transient_environment: false,
      payload: {},
      description: null
    })
    expect(byTag.data.sha).toBe(bench.initial)
    expect(bySha.data.sha).toBe(feature)
  })

  it('refuses a ref that names nothing with 422 No ref found', async () => {
    const body = await errorBody(create('no-such-branch'))
    expect(body.message).toBe('No ref found for: no-such-branch')
    expect(await statusOf(create('no-such-branch'))).toBe(422)
  })

  it('stores the payload as given, object or string, and keeps auto_merge', async () => {
    const object = await create('main', {
      payload: { pr: 7, nested: { a: [1] } },
      auto_merge: false
    })
    const text = await create('main', {
      payload: '{"pr":8}',
      environment: 'staging',
      task: 'deploy:migrations'
    })
    expect(object.data.payload).toEqual({ pr: 7, nested: { a: [1] } })
    expect(text.data.payload).toBe('{"pr":8}')
    expect(text.data).toMatchObject({
      environment: 'staging',
      production_environment: false,
      task: 'deploy:migrations'
    })
    const stored = bench.gh.state.deployments.find(d => d.id === object.data.id)
    expect(stored?.autoMerge).toBe(false)
  })

  it('answers 409 when omitted required_contexts meet a failing or pending context', async () => {
    const sha = await bench.repo.commit({ message: 'checked commit' })
    await bench.gh.syncRefsFromGit()
    const status = (
      context: string,
      state: 'success' | 'failure' | 'pending'
    ) =>
      bench.octokit.rest.repos.createCommitStatus({
        ...bench.params,
        sha,
        state,
        context
      })
    await status('ci/test', 'success')
    await status('ci/lint', 'failure')
    const omitted = bench.octokit.rest.repos.createDeployment({
      ...bench.params,
      ref: sha
    })
    expect(await statusOf(omitted)).toBe(409)
    const body = await errorBody(
      bench.octokit.rest.repos.createDeployment({ ...bench.params, ref: sha })
    )
    expect(body.message).toBe(
      `Conflict: Commit status checks failed for ${sha}.`
    )
    expect(body.errors).toEqual([
      {
        contexts: [
          { context: 'ci/test', state: 'success' },
          { context: 'ci/lint', state: 'failure' }
        ],
        resource: 'Deployment',
        field: 'required_contexts',
        code: 'invalid'
      }
    ])
    const onlyTest = await create(sha, { required_contexts: ['ci/test'] })
    expect(onlyTest.status).toBe(201)
    expect(
      await statusOf(create(sha, { required_contexts: ['ci/never-reported'] }))
    ).toBe(409)
    expect((await create(sha)).status).toBe(201)
  })

  it('counts an unfinished check run as a pending context', async () => {
    const sha = await bench.repo.commit({
      message: 'commit with a running check'
    })
    await bench.octokit.rest.checks.create({
      ...bench.params,
      name: 'build',
      head_sha: sha,
      status: 'in_progress'
    })
    const blocked = bench.octokit.rest.repos.createDeployment({
      ...bench.params,
      ref: sha
    })
    expect(await statusOf(blocked)).toBe(409)
  })
})

describe('reading and deleting deployments', () => {
  it('lists newest first with sha, ref, task and environment filters, and gets one', async () => {
    const a = await create('main', { environment: 'filter-env' })
    const b = await create('feature', {
      environment: 'filter-env',
      task: 'deploy:b'
    })
    const list = await bench.octokit.rest.repos.listDeployments({
      ...bench.params,
      environment: 'filter-env'
    })
    expect(list.data.map(d => d.id)).toEqual([b.data.id, a.data.id])
    const bySha = await bench.octokit.rest.repos.listDeployments({
      ...bench.params,
      sha: feature,
      environment: 'filter-env'
    })
    expect(bySha.data.map(d => d.id)).toEqual([b.data.id])
    const byTask = await bench.octokit.rest.repos.listDeployments({
      ...bench.params,
      task: 'deploy:b'
    })
    expect(byTask.data.map(d => d.id)).toEqual([b.data.id])
    const byRef = await bench.octokit.rest.repos.listDeployments({
      ...bench.params,
      ref: 'main',
      environment: 'filter-env'
    })
    expect(byRef.data.map(d => d.id)).toEqual([a.data.id])
    const one = await bench.octokit.rest.repos.getDeployment({
      ...bench.params,
      deployment_id: a.data.id
    })
    expect(one.data).toEqual(a.data)
    expect(
      await statusOf(
        bench.octokit.rest.repos.getDeployment({
          ...bench.params,
          deployment_id: 1
        })
      )
    ).toBe(404)
  })

  it('paginates the deployment list', async () => {
    for (let i = 0; i < 12; i++)
      await create('main', { environment: 'paged-env' })
    const all = await bench.octokit.paginate(
      bench.octokit.rest.repos.listDeployments,
      {
        ...bench.params,
        environment: 'paged-env',
        per_page: 5
      }
    )
    expect(all).toHaveLength(12)
    expect(new Set(all.map(d => d.id)).size).toBe(12)
  })

  it('deletes only inactive deployments unless one is alone in its environment', async () => {
    const old = await create('main', { environment: 'delete-env' })
    await success(old.data.id)
    const current = await create('main', { environment: 'delete-env' })
    const del = (id: number) =>
      bench.octokit.rest.repos.deleteDeployment({
        ...bench.params,
        deployment_id: id
      })
    expect(await statusOf(del(old.data.id))).toBe(422)
    await bench.octokit.rest.repos.createDeploymentStatus({
      ...bench.params,
      deployment_id: old.data.id,
      state: 'inactive'
    })
    expect((await del(old.data.id)).status).toBe(204)
    await success(current.data.id)
    expect((await del(current.data.id)).status).toBe(204)
    expect(
      bench.gh.state.deployments.some(d => d.environment === 'delete-env')
    ).toBe(false)
    expect(await statusOf(del(current.data.id))).toBe(404)
  })
})

describe('deployment statuses', () => {
  it('creates, lists newest first, paginates and gets statuses', async () => {
    const { data: deployment } = await create('main', {
      environment: 'status-env'
    })
    const queued = await bench.octokit.rest.repos.createDeploymentStatus({
      ...bench.params,
      deployment_id: deployment.id,
      state: 'queued'
    })
    const done = await success(deployment.id, {
      log_url: 'https://ci.example.com/run/1',
      environment_url: 'https://staging.example.com',
      description: 'Deployed'
    })
    expect(done.status).toBe(201)
    expect(done.headers.location).toBe(done.data.url)
    expect(done.data).toMatchObject({
      state: 'success',
      log_url: 'https://ci.example.com/run/1',
      target_url: 'https://ci.example.com/run/1',
      environment_url: 'https://staging.example.com',
      environment: 'status-env',
      description: 'Deployed'
    })
    const list = await bench.octokit.rest.repos.listDeploymentStatuses({
      ...bench.params,
      deployment_id: deployment.id,
      per_page: 1
    })
    expect(list.data.map(s => s.id)).toEqual([done.data.id])
    expect(list.headers.link).toContain('rel="next"')
    const one = await bench.octokit.rest.repos.getDeploymentStatus({
      ...bench.params,
      deployment_id: deployment.id,
      status_id: queued.data.id
    })
    expect(one.data.state).toBe('queued')
  })

  it('marks prior successful deployments of the environment inactive on a new success', async () => {
    const first = await create('main', {
      environment: 'review-app',
      production_environment: false
    })
    await success(first.data.id)
    const failed = await create('main', {
      environment: 'review-app',
      production_environment: false
    })
    await bench.octokit.rest.repos.createDeploymentStatus({
      ...bench.params,
      deployment_id: failed.data.id,
      state: 'failure'
    })
    const other = await create('main', {
      environment: 'elsewhere',
      production_environment: false
    })
    await success(other.data.id)
    const second = await create('feature', {
      environment: 'review-app',
      production_environment: false
    })
    await success(second.data.id)
    expect(await latestState(first.data.id)).toBe('inactive')
    expect(await latestState(failed.data.id)).toBe('failure')
    expect(await latestState(other.data.id)).toBe('success')
    expect(await latestState(second.data.id)).toBe('success')
  })

  it('leaves transient and production deployments, and auto_inactive false, alone', async () => {
    const transient = await create('main', {
      environment: 'pr-env',
      transient_environment: true,
      production_environment: false
    })
    await success(transient.data.id)
    const production = await create('main', {
      environment: 'pr-env',
      production_environment: true
    })
    await success(production.data.id)
    const kept = await create('main', {
      environment: 'pr-env',
      production_environment: false
    })
    await success(kept.data.id)
    const next = await create('main', {
      environment: 'pr-env',
      production_environment: false
    })
    await success(next.data.id, { auto_inactive: false })
    expect(await latestState(transient.data.id)).toBe('success')
    expect(await latestState(production.data.id)).toBe('success')
    expect(await latestState(kept.data.id)).toBe('success')
    const last = await create('main', {
      environment: 'pr-env',
      production_environment: false
    })
    await success(last.data.id)
    expect(await latestState(kept.data.id)).toBe('inactive')
    expect(await latestState(next.data.id)).toBe('inactive')
    expect(await latestState(production.data.id)).toBe('success')
  })

  it('moves a deployment to the environment a status names', async () => {
    const { data } = await create('main', { environment: 'before' })
    await success(data.id, { environment: 'after' })
    const read = await bench.octokit.rest.repos.getDeployment({
      ...bench.params,
      deployment_id: data.id
    })
    expect(read.data).toMatchObject({
      environment: 'after',
      original_environment: 'before'
    })
  })

  it('refuses a status description over 140 characters', async () => {
    const { data } = await create('main', { environment: 'long' })
    const tooLong = success(data.id, { description: 'x'.repeat(141) })
    expect(await statusOf(tooLong)).toBe(422)
  })
})
