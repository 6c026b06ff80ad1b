import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  readReport,
  removeKeptTemp,
  planWithSmoke,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { delay, json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

let server: TestServer
let slotsInFlight = 0
let maxSlotsInFlight = 0
beforeAll(async () => {
  server = await startServer(async (request, response) => {
    switch (request.url) {
      case '/healthz':
        return json(response, 200, { status: 'ok' })
      case '/api/items':
        return json(
          response,
          200,
          { count: 2, items: [{ id: 7, name: 'widget' }, { id: 8 }] },
          { 'x-api-version': '2024-06' }
        )
      case '/text':
        response.writeHead(200, { 'content-type': 'text/plain' })
        return void response.end('release 42 is live')
      case '/created':
        return json(response, 201, { created: true })
      case '/slow':
        await delay(150)
        return void response.end('slow')
      default:
        if (request.url?.startsWith('/slot/')) {
          slotsInFlight += 1
          maxSlotsInFlight = Math.max(maxSlotsInFlight, slotsInFlight)
          await delay(200)
          slotsInFlight -= 1
          return void response.end('ok')
        }
        response.writeHead(404)
        response.end('not found')
    }
  })
})
afterAll(async () => {
  await server.close()
  await removeKeptTemp()
})

const PASSING = `  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz }
    - { name: status, path: /created, expect: { status: 201 } }
    - { name: statuses, path: /healthz, expect: { status: [200, 204] } }
    - { name: text, path: /text, expect: { body-contains: [release, live] } }
    - { name: regex, path: /text, expect: { body-matches: 'release \\d+ is live$' } }
    - name: json
      path: /api/items
      expect: { json: { count: 2, "items[0].name": widget, "$.items[1]": { id: 8 } } }
    - { name: header, path: /api/items, expect: { headers: { content-type: application/json, x-api-version: true, set-cookie: false } } }
    - { name: latency, path: /healthz, expect: { max-latency-ms: 30000 } }
`

const FAILING = `  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz }
    - { name: status, path: /created, expect: { status: 200 } }
    - { name: text, path: /text, expect: { body-contains: maintenance } }
    - { name: regex, path: /text, expect: { body-matches: '^release \\d+ is down' } }
    - { name: json, path: /api/items, expect: { json: { count: 3 } } }
    - { name: header, path: /api/items, expect: { headers: { x-api-version: '2025' } } }
    - { name: latency, path: /slow, expect: { max-latency-ms: 50 } }
    - { name: missing, path: /nope }
`

describe('smoke-test assertions', () => {
  let p: Pipeline
  afterAll(async () => {
    expect(p.gh.violations).toEqual([])
    await p.close()
  })

  it('passes status, text, regex, JSON path, header and latency expectations that hold', async () => {
    p = await startSmokePipeline(PASSING)
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ passed: '8', failed: '0' })
    expect(readReport(result).checks.map(check => check.status)).toEqual(
      Array(8).fill('passed')
    )
    expect(stageStatus(p)?.state).toBe('success')
  })

  it('fails each expectation that does not hold, saying what was expected and what came', async () => {
    await p.commit(
      {
        '.github/rehearse.yml': planWithSmoke(FAILING)
      },
      'failing checks'
    )
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ passed: '1', failed: '7' })
    const problems = Object.fromEntries(
      readReport(result).checks.map(check => [
        check.name,
        (check.problems as string[]).join('; ')
      ])
    )
    expect(problems).toEqual({
      health: '',
      status: 'status 201, expected 200 (body: "{\\"created\\":true}")',
      text: 'body does not contain "maintenance" (body: "release 42 is live")',
      regex:
        'body does not match /^release \\d+ is down/ (body: "release 42 is live")',
      json: 'json count: expected 3, got 2',
      header: 'header x-api-version: "2024-06" does not contain "2025"',
      // /slow answers after 100 ms (the server's own delay): over 50 ms
      // however busy the machine; the upper side is the machine's.
      latency: expect.stringMatching(
        /^latency (\d{4,}|[1-9]\d\d)(\.\d)? ms is over the 50 ms budget$/
      ),
      missing: 'status 404, expected 2xx (body: "not found")'
    })
    expect(result.summary).toContain('**json**: json count: expected 3, got 2')
    expect(stageStatus(p)).toMatchObject({
      state: 'failure',
      description:
        '7 of 8 checks failed: status, text, regex, json, header, latency, missing'
    })
  })

  it('runs independent checks concurrently up to the limit and each flow in order', async () => {
    const flow = (n: number, name: string) =>
      `    - { name: ${name}, flow: f${n}, path: /slot/${name} }\n`
    await p.commit(
      {
        '.github/rehearse.yml': planWithSmoke(
          `  concurrency: 3\n  wait-for-healthy: { deadline-seconds: 0 }\n  checks:\n    - { name: health, path: /healthz }\n` +
            [1, 2, 3, 4, 5, 6]
              .map(i => `    - { name: c${i}, path: /slot/c${i} }\n`)
              .join('') +
            flow(1, 'a1') +
            flow(1, 'a2') +
            flow(1, 'a3')
        )
      },
      'concurrent checks'
    )
    const before = server.requests.length
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(0)
    const slots = server.requests
      .slice(before)
      .filter(r => r.path.startsWith('/slot/'))
    expect(maxSlotsInFlight).toBe(3)
    const flowOrder = slots.filter(r => r.path.includes('/a')).map(r => r.path)
    expect(flowOrder).toEqual(['/slot/a1', '/slot/a2', '/slot/a3'])
    expect(slots).toHaveLength(9)
  })
})
