import { afterEach, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  annotations,
  readReport,
  removeKeptTemp,
  runSmoke,
  stageHistory,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { json, startServer, startSilentServer } from './servers.js'
import type { TestServer } from './servers.js'

let p: Pipeline
let server: TestServer
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await removeKeptTemp()
})

const checks = (wait: string, timeouts = '') => `  wait-for-healthy: { ${wait} }
${timeouts}  checks:
    - { name: health, path: /healthz, expect: { status: 200 } }
    - { name: home, path: /, expect: { body-contains: welcome } }
`

describe('smoke-test waiting for a healthy environment', () => {
  it('passes a server that answers 503 for a while, reported flaky with its attempts', async () => {
    let healthyAt = Infinity
    server = await startServer((request, response) => {
      if (healthyAt === Infinity) healthyAt = Date.now() + 1200
      if (request.url === '/healthz' && Date.now() < healthyAt)
        return json(response, 503, { status: 'starting' })
      if (request.url === '/healthz')
        return json(response, 200, { status: 'ok' })
      response.end('welcome home')
    })
    p = await startSmokePipeline(
      checks(
        'deadline-seconds: 20, initial-backoff-ms: 100, max-backoff-ms: 400'
      )
    )
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(0)
    const attempts = server.requests.filter(r => r.path === '/healthz').length
    expect(attempts).toBeGreaterThan(2)
    expect(result.outputs).toMatchObject({ passed: '2', failed: '0' })
    expect(result.log).toMatch(
      /health: attempt 1 failed \(status 503, expected 200/
    )
    expect(result.log).toContain(`flaky: passed on attempt ${attempts}`)
    expect(annotations(result)).toContain(
      `warning: smoke check "health" passed only after ${attempts} attempts (flaky)`
    )
    expect(result.summary).toMatch(
      new RegExp(
        `health<br>GET /healthz \\| ⚠️ passed \\(flaky\\) \\| ${attempts} \\|`
      )
    )
    expect(readReport(result).checks[0]).toMatchObject({
      name: 'health',
      status: 'passed',
      flaky: true,
      attempts
    })
    expect(stageHistory(p)).toEqual(['pending', 'success'])
    expect(stageStatus(p)?.description).toBe(
      '2 checks passed in ' +
        stageStatus(p)?.description?.match(/in (\S+) s/)?.[1] +
        ' s (1 flaky)'
    )
  })

  it('fails a server that never recovers once the deadline has passed, skipping the rest', async () => {
    server = await startServer((_request, response) =>
      json(response, 503, { status: 'down' })
    )
    p = await startSmokePipeline(
      checks(
        'deadline-seconds: 2, initial-backoff-ms: 100, max-backoff-ms: 500'
      )
    )
    const started = Date.now()
    const result = await runSmoke(p, server.url)
    const elapsed = Date.now() - started
    expect(result.main.exitCode).toBe(1)
    expect(elapsed).toBeGreaterThan(2000)
    expect(server.requests.length).toBeGreaterThan(3)
    expect(server.requests.every(r => r.path === '/healthz')).toBe(true)
    expect(result.outputs).toMatchObject({ passed: '0', failed: '2' })
    expect(annotations(result)).toMatch(
      /error: smoke-test: smoke test of staging failed in the smoke stage: 2 of 2 checks failed: health/
    )
    expect(result.summary).toMatch(
      /\*\*health\*\*: not healthy after \d+ attempt\(s\) in \d+\.\d s \(wait-for-healthy deadline 2 s\): status 503, expected 200/
    )
    expect(result.summary).toContain(
      '1 check(s) skipped: skipped: &#34;health&#34; did not pass'
    )
    expect(stageStatus(p)).toMatchObject({
      state: 'failure',
      description: '2 of 2 checks failed: health (1 skipped)'
    })
  })

  it('cuts a server that hangs after the request with the read timeout', async () => {
    server = await startServer(() => undefined)
    p = await startSmokePipeline(
      checks(
        'deadline-seconds: 1.5, initial-backoff-ms: 100, max-backoff-ms: 200',
        '  timeouts: { read-ms: 300 }\n'
      )
    )
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(1)
    expect(server.requests.length).toBeGreaterThan(1)
    expect(result.summary).toMatch(
      /not healthy after \d+ attempt\(s\) in \d+\.\d s \(wait-for-healthy deadline 1\.5 s\): no response within 300 ms \(read timeout\)/
    )
  })

  it('cuts a server that never completes the TLS handshake with the connect timeout', async () => {
    server = await startSilentServer()
    p = await startSmokePipeline(
      checks('deadline-seconds: 0', '  timeouts: { connect-ms: 300 }\n')
    )
    const started = Date.now()
    const result = await runSmoke(p, server.url)
    // The silent server would hold the handshake forever.
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(result.main.exitCode).toBe(1)
    expect(readReport(result).checks[0]).toMatchObject({
      attempts: 1,
      problems: [
        `no connection to 127.0.0.1:${server.port} within 300 ms (connect timeout)`
      ]
    })
    expect(readReport(result).tls).toMatchObject({ status: 'unchecked' })
  })
})
