import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { createFileLedger } from '@rehearse/cli'
import type { DeploymentPayload, Ledger, Reporter } from '@rehearse/engine'
import { prepareSmoke, runSmoke } from '../src/index.js'
import type { SmokeDeps } from '../src/index.js'
import { planWithSmoke } from './plan-helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'rehearse-smoke-stage-'))
let server: Server
let url = ''
// What the server answers: set per test.
let answer: (path: string) => number = () => 200
const paths: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    paths.push(request.url ?? '')
    response.writeHead(answer(request.url ?? ''), {
      'content-type': 'application/json'
    })
    response.end(JSON.stringify({ ok: true, echo: request.headers['x-key'] }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

function recordingReporter() {
  const lines: string[] = []
  const masked: string[] = []
  const reporter: Reporter = {
    info: message => lines.push(message),
    warning: message => lines.push(`warning: ${message}`),
    error: message => lines.push(`error: ${message}`),
    group: (_title, body) => body(),
    mask: value => masked.push(value)
  }
  return { reporter, lines, masked }
}

function setup(smoke: string, deps: Partial<SmokeDeps> = {}) {
  const { plan, workspace } = planWithSmoke(smoke)
  const ledger = createFileLedger(
    join(mkdtempSync(join(dir, 'l-')), 'ledger.json')
  )
  const recorded = recordingReporter()
  const all: SmokeDeps = {
    ledger,
    reporter: recorded.reporter,
    clock: { now: () => new Date() },
    baseEnv: {},
    ...deps
  }
  // The stage's work as the pipeline runs it (statuses are the pipeline's).
  const run = async (sha: string, changes: { baseline?: string } = {}) => {
    const request = {
      plan,
      environment: 'staging',
      sha,
      workspace,
      url,
      baseline: changes.baseline ?? 'previous'
    }
    const prepared = prepareSmoke({ ...request, env: all.baseEnv })
    return runSmoke(request, prepared, all)
  }
  return { ledger, run, ...recorded, deps: all }
}

const sha = (n: number): string => String(n).repeat(40)

async function deployed(ledger: Ledger, commit: string): Promise<void> {
  const deployment = await ledger.ensureDeployment({
    environment: 'staging',
    sha: commit,
    payload: {} as DeploymentPayload,
    production: false,
    transient: false,
    description: 'test'
  })
  await ledger.setDeploymentState(deployment.id, 'success', {})
}

const HEALTH = `  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz, samples: 3 }
`

describe('the smoke stage', () => {
  it('compares with the last release whose smoke test passed, though auto_inactive marked it inactive', async () => {
    const { ledger, run } = setup(HEALTH)
    answer = () => 200
    await deployed(ledger, sha(1))
    expect((await run(sha(1))).baseline.note).toBe(
      'none yet: no earlier successful deployment of staging'
    )
    await deployed(ledger, sha(2))
    answer = () => 500
    expect((await run(sha(2))).status).toBe('failure')
    await deployed(ledger, sha(3))
    answer = () => 200
    const third = await run(sha(3))
    expect(
      (await ledger.recentDeployments('staging', 5)).map(d => d.state)
    ).toEqual(['success', 'inactive', 'inactive'])
    expect(third.baseline).toMatchObject({
      source: 'previous',
      sha: sha(1),
      note: 'previous successful deployment 1111111'
    })
    expect(third.checks[0]?.baselineP95Ms).toEqual(expect.any(Number))
  })

  it('waits with exponential backoff, the jitter drawn from the injected source', async () => {
    let failures = 3
    answer = path => (path === '/healthz' && failures-- > 0 ? 503 : 200)
    const { run, lines } = setup(
      '  wait-for-healthy: { deadline-seconds: 10, initial-backoff-ms: 200 }\n  checks:\n    - { name: health, path: /healthz }\n',
      { random: () => 0 }
    )
    const outcome = await run(sha(4))
    expect(outcome).toMatchObject({ status: 'success', flaky: 1 })
    expect(
      lines
        .filter(line => line.includes('retrying'))
        .map(line => line.replace(/.*retrying/, 'retrying'))
    ).toEqual(['retrying in 0.1 s', 'retrying in 0.2 s', 'retrying in 0.4 s'])
  })

  it('shares what the first check captured with the rest of its flow', async () => {
    answer = () => 200
    const { run } = setup(
      '  wait-for-healthy: { deadline-seconds: 0 }\n  checks:\n    - { name: a, flow: f, path: /first, capture: { v: { json: ok, secret: false } } }\n    - { name: other, path: /other }\n    - { name: b, flow: f, path: "/second/${{ captured.v }}" }\n'
    )
    paths.length = 0
    expect((await run(sha(9))).status).toBe('success')
    expect(paths.indexOf('/second/true')).toBeGreaterThan(
      paths.indexOf('/first')
    )
  })

  it('masks the secrets the checks use before sending anything', async () => {
    answer = () => 200
    const { run, masked, lines } = setup(
      '  wait-for-healthy: { deadline-seconds: 0 }\n  checks:\n    - { name: key, path: /, headers: { X-Key: "${{ env.API_KEY }}" }, expect: { body-contains: nothing } }\n',
      { baseEnv: { API_KEY: 'k-123-secret' } }
    )
    const outcome = await run(sha(5))
    expect(masked).toContain('k-123-secret')
    const everything = [
      outcome.summary,
      outcome.description,
      JSON.stringify(outcome.report),
      ...lines
    ].join('\n')
    expect(everything).toContain('\\"echo\\":\\"***\\"')
    expect(everything).not.toContain('k-123-secret')
  })

  it('keeps the result when the report cannot be saved, with a warning', async () => {
    answer = () => 200
    const { ledger } = setup(HEALTH)
    const failing: Ledger = {
      ...ledger,
      saveReport: () =>
        Promise.reject(new Error('403: Resource not accessible by integration'))
    }
    const { run, lines } = setup(HEALTH, { ledger: failing })
    expect((await run(sha(6))).status).toBe('success')
    expect(lines).toContain(
      'warning: could not keep the smoke report (403: Resource not accessible by integration): the next deployment will have no latency baseline'
    )
  })

  it('refuses a problem in the plan before any request, and lets an unexpected one through', async () => {
    const refused = setup(
      '  checks:\n    - { name: a, path: "/${{ env.NOPE }}" }\n'
    )
    await expect(refused.run(sha(7))).rejects.toThrow(ConfigurationError)
    await expect(setup(HEALTH).run('main')).rejects.toThrow(
      '"main" is not a full commit SHA'
    )
    expect(paths.filter(p => p.startsWith('/'))).not.toContain('/undefined')
    const broken = setup(HEALTH)
    const { ledger } = broken
    const crashing = setup(HEALTH, {
      ledger,
      reporter: {
        ...broken.deps.reporter,
        group: () => Promise.reject(new Error('boom'))
      }
    })
    await expect(crashing.run(sha(8))).rejects.toThrow('boom')
    expect(await ledger.readStages(sha(8))).toEqual([])
  })
})
