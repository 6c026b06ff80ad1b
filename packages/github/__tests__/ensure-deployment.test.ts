import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import { isConfigurationError } from '@rehearse/core'
import { createGitHubLedger, runLogUrl } from '../src/index.js'
import {
  deploymentRequest,
  deploymentsIn,
  expectNoViolations,
  ledgerOf,
  OWNER,
  payload,
  REPO,
  startBench,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench

beforeAll(async () => {
  bench = await startBench()
})
afterAll(() => stopBench(bench))
afterEach(() => {
  expect(bench.gh.pendingFaults()).toEqual([])
  expectNoViolations(bench.gh)
  bench.warnings.length = 0
})

/** Requests made while `run` ran, of one GitHub operation. */
async function requestsDuring(
  operationId: string,
  run: () => Promise<unknown>
) {
  const before = bench.gh.requests.length
  await run()
  return bench.gh.requests
    .slice(before)
    .filter(r => r.operationId === operationId)
}

describe('ensureDeployment', () => {
  it('creates the deployment once and a second call reuses it', async () => {
    const ledger = ledgerOf(bench)
    const request = deploymentRequest(bench.initial, 'reuse')
    let first: Awaited<ReturnType<typeof ledger.ensureDeployment>> | undefined
    const posts = await requestsDuring('repos/create-deployment', async () => {
      first = await ledger.ensureDeployment(request)
      const second = await ledger.ensureDeployment(request)
      expect(second.id).toBe(first.id)
    })
    expect(posts).toHaveLength(1)
    expect(first).toMatchObject({
      environment: 'reuse',
      sha: bench.initial,
      state: undefined,
      payload
    })
    expect(deploymentsIn(bench.gh, 'reuse', bench.initial)).toHaveLength(1)
  })

  it('sends the full sha as ref, auto_merge false, no required contexts and the payload', async () => {
    const ledger = ledgerOf(bench)
    const request = deploymentRequest(bench.initial, 'preview-7', {
      transient: true,
      description: 'Rehearse: preview-7'
    })
    const [post] = await requestsDuring('repos/create-deployment', () =>
      ledger.ensureDeployment(request)
    )
    expect(post?.body).toEqual({
      ref: bench.initial,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      environment: 'preview-7',
      payload,
      description: 'Rehearse: preview-7',
      transient_environment: true,
      production_environment: false
    })
    const stored = deploymentsIn(bench.gh, 'preview-7', bench.initial)
    expect(stored).toMatchObject([
      { ref: bench.initial, autoMerge: false, requiredContexts: [] }
    ])
  })

  it('looks the deployment up with GitHub sha, environment and task filters', async () => {
    const lists = await requestsDuring('repos/list-deployments', () =>
      ledgerOf(bench).ensureDeployment(
        deploymentRequest(bench.initial, 'filters')
      )
    )
    expect(lists[0]?.query).toMatchObject({
      sha: bench.initial,
      environment: 'filters',
      task: 'deploy'
    })
  })

  it('reuses the deployment on a re-run (GITHUB_RUN_ATTEMPT=2) with a new ledger', async () => {
    const request = deploymentRequest(bench.initial, 'rerun')
    const first = await ledgerOf(bench).ensureDeployment(request)
    const logUrl = runLogUrl({
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/widgets',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2'
    })
    const again = await ledgerOf(bench, logUrl).ensureDeployment(request)
    expect(again.id).toBe(first.id)
    expect(deploymentsIn(bench.gh, 'rerun', bench.initial)).toHaveLength(1)
  })

  it('leaves exactly one deployment when GitHub applies the create and answers 502', async () => {
    bench.gh.inject({
      kind: 'applied-then-502',
      operationId: 'repos/create-deployment'
    })
    const request = deploymentRequest(bench.initial, 'applied-502')
    const posts = await requestsDuring('repos/create-deployment', () =>
      ledgerOf(bench).ensureDeployment(request)
    )
    expect(posts.map(p => p.status)).toEqual([502])
    expect(deploymentsIn(bench.gh, 'applied-502', bench.initial)).toHaveLength(
      1
    )
    expect(bench.warnings).toEqual([
      expect.stringContaining('checking whether GitHub recorded it')
    ])
  })

  it('creates again when the failed create was not applied', async () => {
    bench.gh.inject({
      kind: 'status',
      status: 503,
      operationId: 'repos/create-deployment'
    })
    const request = deploymentRequest(bench.initial, 'not-applied')
    const posts = await requestsDuring('repos/create-deployment', () =>
      ledgerOf(bench).ensureDeployment(request)
    )
    expect(posts.map(p => p.status)).toEqual([503, 201])
    expect(deploymentsIn(bench.gh, 'not-applied', bench.initial)).toHaveLength(
      1
    )
  })

  it('recovers when the connection drops during the create', async () => {
    bench.gh.inject({ kind: 'reset', operationId: 'repos/create-deployment' })
    const record = await ledgerOf(bench).ensureDeployment(
      deploymentRequest(bench.initial, 'reset')
    )
    expect(deploymentsIn(bench.gh, 'reset', bench.initial)).toMatchObject([
      { id: Number(record.id) }
    ])
  })

  it('retries a lookup that GitHub answered with 502', async () => {
    bench.gh.inject({
      kind: 'status',
      status: 502,
      operationId: 'repos/list-deployments'
    })
    const lists = await requestsDuring('repos/list-deployments', () =>
      ledgerOf(bench).ensureDeployment(
        deploymentRequest(bench.initial, 'get-502')
      )
    )
    expect(lists.map(l => l.status)).toEqual([502, 200, 200])
    expect(deploymentsIn(bench.gh, 'get-502', bench.initial)).toHaveLength(1)
  })

  it('uses the oldest of duplicate deployments and warns about the others', async () => {
    const create = () =>
      bench.octokit.rest.repos.createDeployment({
        owner: OWNER,
        repo: REPO,
        ref: bench.initial,
        environment: 'dupes',
        required_contexts: [],
        // Written as a JSON string, as other tools do: still read back.
        payload: JSON.stringify(payload)
      })
    const oldest = await create()
    await create()
    const ledger = ledgerOf(bench)
    const found = await ledger.findDeployment('dupes', bench.initial)
    const ensured = await ledger.ensureDeployment(
      deploymentRequest(bench.initial, 'dupes')
    )
    expect('id' in oldest.data && String(oldest.data.id)).toBe(found?.id)
    expect(ensured.id).toBe(found?.id)
    expect(found?.payload).toEqual(payload)
    expect(bench.warnings[0]).toMatch(/Found 2 dupes deployments.*oldest/)
  })

  it('refuses a commit GitHub does not know with a ConfigurationError', async () => {
    const unknown = 'f'.repeat(40)
    const error = await ledgerOf(bench)
      .ensureDeployment(deploymentRequest(unknown, 'unknown'))
      .catch((e: unknown) => e)
    expect(isConfigurationError(error)).toBe(true)
    expect((error as Error).message).toMatch(/push it before deploying/)
  })

  it('finds nothing for an environment that was never deployed', async () => {
    const ledger = createGitHubLedger({
      octokit: bench.octokit,
      owner: OWNER,
      repo: REPO,
      logUrl: undefined
    })
    await expect(
      ledger.findDeployment('never', bench.initial)
    ).resolves.toBeUndefined()
  })
})
