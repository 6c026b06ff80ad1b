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
afterEach(() => {
  bench.gh.state.denyEnvironmentDeletes = false
  expectNoViolations(bench.gh)
})

const deploy = (environment: string) =>
  bench.octokit.rest.repos.createDeployment({
    ...bench.params,
    ref: bench.initial,
    required_contexts: [],
    environment
  })

const names = async () =>
  (
    await bench.octokit.rest.repos.getAllEnvironments({ ...bench.params })
  ).data.environments?.map(e => e.name)

const environment_name = 'preview/pr-7'

describe('repository environments', () => {
  it('come into existence with the first deployment to a name, once', async () => {
    expect(await names()).toEqual([])
    await deploy('preview/pr-7')
    await deploy('preview/pr-7')
    await deploy('preview/pr-8')
    const { data } = await bench.octokit.rest.repos.getAllEnvironments({
      ...bench.params
    })
    expect(data.total_count).toBe(2)
    expect(data.environments?.map(e => e.name)).toEqual([
      'preview/pr-7',
      'preview/pr-8'
    ])
    const one = await bench.octokit.rest.repos.getEnvironment({
      ...bench.params,
      environment_name
    })
    expect(one.data).toMatchObject({
      name: 'preview/pr-7',
      url: expect.stringContaining('/environments/preview%2Fpr-7')
    })
  })

  it('also with a deployment status that moves a deployment there', async () => {
    const { data } = await deploy('staging')
    await bench.octokit.rest.repos.createDeploymentStatus({
      ...bench.params,
      deployment_id: (data as { id: number }).id,
      state: 'success',
      environment: 'qa'
    })
    expect(await names()).toEqual(expect.arrayContaining(['staging', 'qa']))
  })

  it('are paginated', async () => {
    const { data, headers } = await bench.octokit.rest.repos.getAllEnvironments(
      {
        ...bench.params,
        per_page: 1
      }
    )
    expect(data.environments).toHaveLength(1)
    expect(data.total_count).toBeGreaterThan(1)
    expect(headers.link).toContain('rel="next"')
  })

  it('are deleted by name, only that one, and come back with a new deployment', async () => {
    await bench.octokit.rest.repos.deleteAnEnvironment({
      ...bench.params,
      environment_name
    })
    expect(await names()).not.toContain('preview/pr-7')
    expect(await names()).toContain('preview/pr-8')
    expect(
      await statusOf(
        bench.octokit.rest.repos.getEnvironment({
          ...bench.params,
          environment_name
        })
      )
    ).toBe(404)
    expect(
      await statusOf(
        bench.octokit.rest.repos.deleteAnEnvironment({
          ...bench.params,
          environment_name
        })
      )
    ).toBe(404)
    // Its deployments stay readable.
    const kept = await bench.octokit.rest.repos.listDeployments({
      ...bench.params,
      environment: 'preview/pr-7'
    })
    expect(kept.data).toHaveLength(2)
    await deploy('preview/pr-7')
    expect(await names()).toContain('preview/pr-7')
  })

  it('answer a delete 403 as for GITHUB_TOKEN when told to', async () => {
    bench.gh.state.denyEnvironmentDeletes = true
    const call = () =>
      bench.octokit.rest.repos.deleteAnEnvironment({
        ...bench.params,
        environment_name
      })
    expect(await statusOf(call())).toBe(403)
    expect(await errorBody(call())).toMatchObject({
      message: 'Resource not accessible by integration'
    })
    expect(await names()).toContain('preview/pr-7')
  })
})
