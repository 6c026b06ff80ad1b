import { existsSync } from 'node:fs'
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import { startEmulator } from '../../src/emulator/index.js'
import { loadOpenApi } from '../../src/emulator/openapi.js'
import { routes } from '../../src/emulator/routes/index.js'
import {
  client,
  errorBody,
  expectNoViolations,
  retryingClient,
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
  bench.gh.clearFaults()
  // Tests that provoke violations on purpose clear them themselves.
  expectNoViolations(bench.gh)
})

const getRepo = () => bench.octokit.rest.repos.get({ ...bench.params })
const deploy = (octokit = bench.octokit) =>
  octokit.rest.repos.createDeployment({
    ...bench.params,
    ref: 'main',
    required_contexts: []
  })

describe('the route table', () => {
  it('names, for every route, the GitHub operation with the same method and path', async () => {
    const openapi = await loadOpenApi()
    const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}')
    for (const route of routes) {
      const operation = openapi.operation(route.operationId)
      expect([
        route.operationId,
        operation?.method,
        operation && shape(operation.path)
      ]).toEqual([route.operationId, route.method, shape(route.path)])
    }
  })

  it('loads the OpenAPI description once and shares it', async () => {
    const [a, b] = await Promise.all([loadOpenApi(), loadOpenApi()])
    expect(a).toBe(b)
    expect(await loadOpenApi()).toBe(a)
  })
})

describe('requests', () => {
  it('answers 401 Requires authentication without a token, and records the token otherwise', async () => {
    const anonymous = await fetch(`${bench.gh.url}/repos/acme/widgets`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({
      message: 'Requires authentication'
    })
    const bearer = await fetch(`${bench.gh.url}/repos/acme/widgets`, {
      headers: { authorization: 'Bearer abc' }
    })
    expect(bearer.status).toBe(200)
    await getRepo()
    const tokens = bench.gh.requests
      .slice(-3)
      .map(r => [r.token, r.status, r.operationId])
    expect(tokens).toEqual([
      [undefined, 401, 'repos/get'],
      ['abc', 200, 'repos/get'],
      ['test-token', 200, 'repos/get']
    ])
  })

  it('answers unknown routes 404 and records them with the GitHub operation they would be', async () => {
    const status = await statusOf(
      bench.octokit.rest.repos.listReleases({ ...bench.params })
    )
    expect(status).toBe(404)
    const body = await errorBody(
      bench.octokit.rest.repos.listReleases({ ...bench.params })
    )
    expect(body).toMatchObject({
      message: 'Not Found',
      documentation_url: expect.stringContaining('docs.github.com')
    })
    const nowhere = await fetch(`${bench.gh.url}/nowhere`, {
      headers: { authorization: 'token t' }
    })
    expect(nowhere.status).toBe(404)
    expect(
      bench.gh.unknownRoutes.map(r => [r.method, r.path, r.operationId])
    ).toEqual([
      ['GET', '/repos/acme/widgets/releases', 'repos/list-releases'],
      ['GET', '/repos/acme/widgets/releases', 'repos/list-releases'],
      ['GET', '/nowhere', undefined]
    ])
  })

  it('sends rate-limit headers whose remaining count goes down', async () => {
    const first = await getRepo()
    const second = await getRepo()
    expect(first.headers['x-ratelimit-limit']).toBe('5000')
    expect(first.headers['x-ratelimit-resource']).toBe('core')
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      Number(first.headers['x-ratelimit-remaining']) - 1
    )
    expect(Number(second.headers['x-ratelimit-used'])).toBe(
      Number(first.headers['x-ratelimit-used']) + 1
    )
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(
      Date.now() / 1000
    )
  })

  it('answers a body that is not JSON with 400 Problems parsing JSON', async () => {
    const response = await fetch(
      `${bench.gh.url}/repos/acme/widgets/deployments`,
      {
        method: 'POST',
        headers: {
          authorization: 'token t',
          'content-type': 'application/json'
        },
        body: '{"ref": '
      }
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      message: 'Problems parsing JSON'
    })
  })
})

describe('OpenAPI validation', () => {
  it('answers a request body that breaks the schema with 422 and records a violation', async () => {
    const call = bench.octokit.request(
      // A plain string skips octokit's typing: these bodies are wrong on purpose.
      'POST /repos/{owner}/{repo}/statuses/{sha}' as string,
      {
        ...bench.params,
        sha: bench.initial,
        state: 'green',
        context: 7
      }
    )
    const body = await errorBody(call)
    expect(body.message).toMatch(/^Invalid request\.\n\n/)
    expect(body.message).toContain('"green" is not one of')
    expect(body.message).toContain(
      "For 'properties/context', 7 is not a string."
    )
    const missing = bench.octokit.request(
      'POST /repos/{owner}/{repo}/deployments' as string,
      { ...bench.params }
    )
    expect(await statusOf(missing)).toBe(422)
    expect(
      bench.gh.violations.map(v => [v.kind, v.operationId, v.status])
    ).toEqual([
      ['request', 'repos/create-commit-status', 422],
      ['request', 'repos/create-deployment', 422]
    ])
    expect(bench.gh.violations[1]?.message).toBe(
      'Invalid request.\n\n"ref" wasn\'t supplied.'
    )
    expect(bench.gh.state.commitStatuses).toHaveLength(0)
    bench.gh.violations.length = 0
  })

  it('records a violation when a response drifts from the schema, and still sends it', async () => {
    bench.gh.inject({
      kind: 'corrupt-response',
      operationId: 'repos/create-deployment',
      mutate: body => ({ ...(body as object), sha: 42, environment: undefined })
    })
    const { data } = await deploy()
    expect((data as { sha?: unknown }).sha).toBe(42)
    expect(bench.gh.violations).toHaveLength(1)
    const [violation] = bench.gh.violations
    expect(violation).toMatchObject({
      kind: 'response',
      operationId: 'repos/create-deployment',
      status: 201
    })
    expect(
      violation?.errors
        .map(e => [e.instancePath || e.params.missingProperty, e.keyword])
        .sort()
    ).toEqual([
      ['/sha', 'type'],
      ['environment', 'required']
    ])
    bench.gh.violations.length = 0
  })
})

describe('faults', () => {
  it('answers an injected 500, 502 or 503 once per count, then normally', async () => {
    bench.gh.inject({
      kind: 'status',
      status: 503,
      operationId: 'repos/get',
      times: 2
    })
    bench.gh.inject({
      kind: 'status',
      status: 500,
      method: 'GET',
      path: /^\/repos\/acme\/widgets$/
    })
    bench.gh.inject({
      kind: 'status',
      status: 502,
      path: '/repos/acme/widgets'
    })
    const statuses = []
    for (let i = 0; i < 5; i++)
      statuses.push(
        await getRepo().then(
          r => r.status,
          (e: { status: number }) => e.status
        )
      )
    expect(statuses).toEqual([503, 503, 500, 502, 200])
    expect(bench.gh.pendingFaults()).toEqual([])
  })

  it('answers a secondary rate limit with 403, GitHub message and retry-after', async () => {
    bench.gh.inject({ kind: 'secondary-rate-limit', operationId: 'repos/get' })
    let headers: Record<string, unknown> = {}
    const body = await getRepo().catch(
      (error: {
        response: { headers: Record<string, unknown>; data: object }
      }) => {
        headers = error.response.headers
        return error.response.data
      }
    )
    expect(body).toMatchObject({
      message: expect.stringMatching(
        /^You have exceeded a secondary rate limit/
      )
    })
    expect(headers['retry-after']).toBe('1')
    expect(bench.gh.requests.at(-1)?.status).toBe(403)
  })

  it('answers too-many-requests with 429 and a configurable retry-after', async () => {
    bench.gh.inject({
      kind: 'too-many-requests',
      operationId: 'repos/get',
      retryAfter: 3
    })
    const error = (await getRepo().catch((e: unknown) => e)) as {
      status: number
      response: { headers: object }
    }
    expect(error.status).toBe(429)
    expect(error.response.headers).toMatchObject({ 'retry-after': '3' })
  })

  it("lets Rehearse's request policy wait out a secondary rate limit and a 429, then succeed", async () => {
    const octokit = retryingClient(bench.gh)
    bench.gh.inject({ kind: 'secondary-rate-limit', operationId: 'repos/get' })
    bench.gh.inject({
      kind: 'too-many-requests',
      operationId: 'repos/get-branch'
    })
    const before = bench.gh.requests.length
    expect((await octokit.rest.repos.get({ ...bench.params })).status).toBe(200)
    expect(
      (await octokit.rest.repos.getBranch({ ...bench.params, branch: 'main' }))
        .status
    ).toBe(200)
    expect(bench.gh.requests.slice(before).map(r => r.status)).toEqual([
      403, 200, 429, 200
    ])
  })

  it("destroys the socket on reset; Rehearse's request policy recovers from a reset and a 502", async () => {
    bench.gh.inject({ kind: 'reset', operationId: 'repos/get' })
    expect(await statusOf(getRepo())).toBe(500)
    expect(bench.gh.requests.at(-1)?.status).toBeUndefined()
    const octokit = retryingClient(bench.gh)
    bench.gh.inject({ kind: 'reset', operationId: 'repos/get' })
    bench.gh.inject({ kind: 'status', status: 502, operationId: 'repos/get' })
    const before = bench.gh.requests.length
    expect((await octokit.rest.repos.get({ ...bench.params })).status).toBe(200)
    expect(bench.gh.requests.slice(before).map(r => r.status)).toEqual([
      undefined,
      502,
      200
    ])
  })

  it('delays a slow request and then answers it normally', async () => {
    bench.gh.inject({ kind: 'slow', ms: 300, operationId: 'repos/get' })
    const started = Date.now()
    expect((await getRepo()).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it("applies the write before answering applied-then-502: a blind retry writes twice, Rehearse's client never repeats it", async () => {
    bench.gh.inject({
      kind: 'applied-then-502',
      operationId: 'repos/create-deployment'
    })
    const before = bench.gh.state.deployments.length
    expect(await statusOf(deploy())).toBe(502)
    expect(bench.gh.state.deployments).toHaveLength(before + 1)
    bench.gh.inject({
      kind: 'applied-then-502',
      operationId: 'repos/create-deployment'
    })
    // Sent again by hand, as a blind retry would: a second deployment.
    expect(await statusOf(deploy())).toBe(502)
    expect((await deploy()).status).toBe(201)
    expect(bench.gh.state.deployments).toHaveLength(before + 3)
    // The request policy sends such a POST once; its caller looks first.
    bench.gh.inject({
      kind: 'applied-then-502',
      operationId: 'repos/create-deployment'
    })
    expect(await statusOf(deploy(retryingClient(bench.gh)))).toBe(502)
    expect(bench.gh.state.deployments).toHaveLength(before + 4)
  })

  it('reports a crash inside the emulator as a 500 and a crash violation', async () => {
    bench.gh.inject({
      kind: 'corrupt-response',
      operationId: 'repos/get',
      mutate: () => {
        throw new Error('boom')
      }
    })
    expect(await statusOf(getRepo())).toBe(500)
    expect(
      bench.gh.violations.map(v => [v.kind, v.message.split('\n')[0]])
    ).toEqual([['crash', 'Error: boom']])
    bench.gh.violations.length = 0
  })
})

describe('the primary rate limit', () => {
  it('answers 403 with x-ratelimit-remaining 0 once the limit is used up', async () => {
    const gh = await startEmulator({
      owner: 'acme',
      repo: 'gadgets',
      rateLimit: 2
    })
    try {
      const octokit = client(gh)
      const get = () =>
        octokit.rest.repos.get({ owner: 'acme', repo: 'gadgets' })
      await get()
      const last = await get()
      expect(last.headers['x-ratelimit-remaining']).toBe('0')
      const error = (await get().catch((e: unknown) => e)) as {
        status: number
        message: string
        response: { headers: Record<string, string> }
      }
      expect(error.status).toBe(403)
      expect(error.message).toContain('API rate limit exceeded')
      expect(error.response.headers['x-ratelimit-remaining']).toBe('0')
      expect(gh.violations).toEqual([])
    } finally {
      await gh.close()
    }
  })
})

describe('an emulator without a git repository', () => {
  it('makes a throwaway repository with one commit on the default branch and removes it on close', async () => {
    const gh = await startEmulator({
      owner: 'acme',
      repo: 'gadgets',
      defaultBranch: 'trunk'
    })
    try {
      const octokit = client(gh)
      const { data } = await octokit.rest.repos.getBranch({
        owner: 'acme',
        repo: 'gadgets',
        branch: 'trunk'
      })
      expect(data.commit.commit.message).toBe('Initial commit')
      expect(
        (await octokit.rest.repos.get({ owner: 'acme', repo: 'gadgets' })).data
          .default_branch
      ).toBe('trunk')
      expect(gh.violations).toEqual([])
    } finally {
      await gh.close()
    }
    expect(existsSync(gh.gitDir)).toBe(false)
  })
})
