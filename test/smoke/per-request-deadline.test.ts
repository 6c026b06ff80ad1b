import { afterEach, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  readReport,
  removeKeptTemp,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { startServer } from './servers.js'
import type { TestServer } from './servers.js'

let p: Pipeline
let server: TestServer
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await removeKeptTemp()
})

// Each byte comes well within read-ms, so only a deadline on the whole
// request can end it: without one the check would wait for the body for as
// long as the server keeps dripping (it drips for a minute here).
const DRIP_EVERY_MS = 400
const PLAN = `  wait-for-healthy: { deadline-seconds: 0 }
  timeouts: { connect-ms: 500, read-ms: 1500 }
  checks:
    - { name: drip, path: /drip, expect: { body-contains: done } }
`

describe('smoke-test per-request deadline', () => {
  it('fails a check whose server drips the body byte by byte, naming the deadline and what arrived', async () => {
    const timers = new Set<NodeJS.Timeout>()
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' })
      let sent = 0
      const timer = setInterval(() => {
        sent += 1
        if (sent > 150 || response.destroyed) {
          clearInterval(timer)
          response.end('done')
          return
        }
        response.write('.')
      }, DRIP_EVERY_MS)
      timers.add(timer)
      response.on('close', () => clearInterval(timer))
    })
    p = await startSmokePipeline(PLAN)
    const started = Date.now()
    const result = await runSmoke(p, server.url)
    const seconds = (Date.now() - started) / 1000
    for (const timer of timers) clearInterval(timer)
    expect(result.main.exitCode).toBe(1)
    const [check] = readReport(result).checks
    expect(check?.status).toBe('failed')
    expect((check?.problems as string[]).join('; ')).toMatch(
      /no complete response within 2000 ms, the per-request deadline \(connect-ms 500 \+ read-ms 1500\): status 200 and \d+ byte\(s\) of the body had arrived/
    )
    expect(stageStatus(p)?.state).toBe('failure')
    // The server would have dripped for 60 s; the check ended long before.
    expect(seconds).toBeLessThan(40)
  })
})
