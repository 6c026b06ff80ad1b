import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import { startEmulator } from '@rehearse/bench'
import { isConfigurationError } from '@rehearse/core'
import type { Ledger } from '@rehearse/engine'
import { createGitHubLedger, createOctokit } from '../src/index.js'
import {
  deploymentRequest,
  expectNoViolations,
  ledgerOf,
  octokitFor,
  OWNER,
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

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof Error)) throw new Error('expected a rejection')
  return error
}

/**
 * The emulator cannot answer 403 "Resource not accessible by integration"
 * (GitHub's answer to a token without the needed `permissions:`), so a
 * loopback server gives that one answer to every request.
 */
async function forbiddingServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403'
      })
    )
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, server }
}

describe('errors a user can fix', () => {
  it('turns 403 "Resource not accessible by integration" into the permissions: line to add', async () => {
    const { url, server } = await forbiddingServer()
    try {
      const octokit = createOctokit({
        token: 't',
        baseUrl: url,
        logger: { warning: () => undefined }
      })
      const ledger = createGitHubLedger({
        octokit,
        owner: OWNER,
        repo: REPO,
        logUrl: undefined
      })
      const create = await failure(
        ledger.ensureDeployment(deploymentRequest(bench.initial))
      )
      expect(isConfigurationError(create)).toBe(true)
      expect(create.message).toMatch(
        /403 Resource not accessible by integration\): the token lacks deployments: write; add `permissions: deployments: write` to the job/
      )
      const stage = await failure(
        ledger.setStage(bench.initial, {
          environment: 'staging',
          stage: 'deploy',
          state: 'pending',
          description: ''
        })
      )
      expect(stage.message).toMatch(/`permissions: statuses: write`/)
    } finally {
      server.close()
    }
  })

  it('turns a bad token (401) into a ConfigurationError about the token input', async () => {
    const gh = await startEmulator({
      owner: OWNER,
      repo: REPO,
      gitDir: bench.repo.dir,
      tokens: { 'good-token': 'octocat' }
    })
    try {
      const ledger = createGitHubLedger({
        octokit: octokitFor(gh, [], 'bad-token'),
        owner: OWNER,
        repo: REPO,
        logUrl: undefined
      })
      const error = await failure(ledger.readStages(bench.initial))
      expect(isConfigurationError(error)).toBe(true)
      expect(error.message).toMatch(/401 Bad credentials.*`token` input/)
      expect(gh.violations).toEqual([])
    } finally {
      await gh.close()
    }
  })

  it('turns an unknown repository (404) into a ConfigurationError naming it', async () => {
    const ledger = createGitHubLedger({
      octokit: bench.octokit,
      owner: OWNER,
      repo: 'gadgets',
      logUrl: undefined
    })
    const error = await failure(ledger.findDeployment('staging', bench.initial))
    expect(isConfigurationError(error)).toBe(true)
    expect(error.message).toMatch(/no repository acme\/gadgets/)
  })

  it('asks for a token when it is empty', () => {
    expect(() => createOctokit({ token: ' ' })).toThrow(/No GitHub token/)
  })
})

describe('rate limits', () => {
  it('waits out a secondary rate limit and says so', async () => {
    bench.gh.inject({
      kind: 'secondary-rate-limit',
      retryAfter: 1,
      operationId: 'repos/list-commit-statuses-for-ref'
    })
    await expect(ledgerOf(bench).readStages(bench.initial)).resolves.toEqual([])
    expect(bench.warnings).toEqual([
      expect.stringMatching(
        /secondary rate limit .*retrying in 1 s \(retry 1 of 2\)/
      )
    ])
  })

  it('gives up at once when GitHub asks to wait over a minute, without blaming permissions', async () => {
    bench.gh.inject({
      kind: 'too-many-requests',
      retryAfter: 61,
      operationId: 'repos/list-deployments'
    })
    const started = Date.now()
    const error = await failure(
      ledgerOf(bench).findDeployment('staging', bench.initial)
    )
    // Far below the 61 s GitHub asked for: it did not wait.
    expect(Date.now() - started).toBeLessThan(30_000)
    // An expected failure, worded as one: no stack, no blame on permissions.
    expect(isConfigurationError(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'github_rate_limited' })
    expect(error.message).toMatch(
      /secondary rate limit stopped reading staging deployments \(it asks to wait 61 s\)/
    )
    expect(bench.warnings).toEqual([expect.stringMatching(/giving up/)])
  })

  it('fails when the hourly quota is used up instead of waiting for the reset', async () => {
    const gh = await startEmulator({
      owner: OWNER,
      repo: REPO,
      gitDir: bench.repo.dir,
      rateLimit: 1
    })
    const warnings: string[] = []
    try {
      const ledger: Ledger = createGitHubLedger({
        octokit: octokitFor(gh, warnings),
        owner: OWNER,
        repo: REPO,
        logUrl: undefined
      })
      await ledger.readStages(bench.initial)
      const error = await failure(ledger.readStages(bench.initial))
      expect(error.message).toMatch(
        /API rate limit for this token is used up \(reading commit statuses\): it resets in \d+ s/
      )
      expect(error).toMatchObject({ reason: 'github_rate_limited' })
      expect(warnings).toEqual([
        expect.stringMatching(/primary rate limit .*giving up/)
      ])
    } finally {
      await gh.close()
    }
  })

  it('sends a run’s first writes at once, one at a time, and spaces the writes after them', async () => {
    const write = (octokit: ReturnType<typeof createOctokit>) =>
      octokit.rest.repos.createCommitStatus({
        owner: OWNER,
        repo: REPO,
        sha: bench.initial,
        state: 'success',
        context: 'ci/spacing'
      })
    // A spacing long enough to tell from any loaded machine's jitter.
    const octokit = createOctokit({
      token: 't',
      baseUrl: bench.gh.url,
      pacing: { freeWrites: 2, spacingMs: 1500, notificationSpacingMs: 1500 }
    })
    const started = Date.now()
    await Promise.all([write(octokit), write(octokit)])
    const free = Date.now() - started
    await write(octokit)
    const paced = Date.now() - started - free
    expect(paced).toBeGreaterThanOrEqual(1500)
    expect(free).toBeLessThan(paced)
  })

  it('reads GITHUB_API_URL when no baseUrl is given', async () => {
    const octokit = createOctokit({
      token: 'test-token',
      env: { GITHUB_API_URL: bench.gh.url }
    })
    const { data } = await octokit.rest.repos.get({ owner: OWNER, repo: REPO })
    expect(data.default_branch).toBe('main')
  })
})
