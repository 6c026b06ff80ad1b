import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  readReport,
  removeKeptTemp,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

const PASSWORD = 'hunter2-very-secret'
const TOKEN = 'tok-4f9a-session-secret'

let p: Pipeline
let server: TestServer
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await removeKeptTemp()
})

async function startShop(): Promise<TestServer> {
  return startServer((request, response) => {
    const authorized = request.headers.authorization === `Bearer ${TOKEN}`
    const route = `${request.method} ${request.url}`
    if (route === 'GET /healthz') return json(response, 200, { ok: true })
    if (route === 'POST /login') {
      // Echoes what it cannot parse, as careless servers do.
      let credentials: Record<string, string>
      try {
        credentials = JSON.parse(request.body) as Record<string, string>
      } catch {
        return json(response, 400, { error: `cannot parse ${request.body}` })
      }
      return credentials.user === 'ada' && credentials.password === PASSWORD
        ? json(response, 200, { token: TOKEN })
        : json(response, 401, { error: 'bad credentials' })
    }
    if (!authorized) return json(response, 401, { error: 'log in first' })
    if (route === 'POST /items') {
      const { name } = JSON.parse(request.body) as { name: string }
      return json(response, 201, { id: 42, name })
    }
    if (route === 'GET /items/42')
      return json(response, 200, { id: 42, name: 'widget' })
    if (route === 'GET /whoami') {
      response.end(`you are ${request.headers.authorization}`)
      return
    }
    json(response, 404, {})
  })
}

const FLOW = `  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz }
    - name: log in
      flow: shop
      method: POST
      path: /login
      body: { user: ada, password: "\${{ env.SHOP_PASSWORD }}" }
      capture: { token: { json: token } }
    - name: create an item
      flow: shop
      method: POST
      path: /items
      headers: { Authorization: "Bearer \${{ captured.token }}" }
      body: { name: widget }
      expect: { status: 201 }
      capture: { id: { json: id, secret: false } }
    - name: read it back
      flow: shop
      path: /items/\${{ captured.id }}
      headers: { Authorization: "Bearer \${{ captured.token }}" }
      expect: { json: { id: "\${{ captured.id }}", name: widget } }
`

describe('smoke-test flows and secrets', () => {
  it('logs in, creates and reads back in one flow, passing captured values between checks', async () => {
    server = await startShop()
    p = await startSmokePipeline(FLOW)
    const result = await runSmoke(
      p,
      server.url,
      {},
      { env: { SHOP_PASSWORD: PASSWORD } }
    )
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ passed: '4', failed: '0' })
    expect(server.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /healthz',
      'POST /login',
      'POST /items',
      'GET /items/42'
    ])
    expect(result.summary).toContain(
      'read it back<br>GET /items/${{ captured.id }} · flow shop | ✅ passed'
    )
  })

  it('never shows a secret or a captured token in the log, summary, outputs, report or statuses', async () => {
    server = await startShop()
    p = await startSmokePipeline(
      `${FLOW}    - name: who am I
      flow: shop
      path: /whoami
      headers: { Authorization: "Bearer \${{ captured.token }}" }
      expect: { body-contains: nobody }
    - { name: bad login, method: POST, path: /login, body: "\${{ env.SHOP_PASSWORD }}", expect: { body-contains: welcome } }
`
    )
    const result = await runSmoke(
      p,
      server.url,
      {},
      { env: { SHOP_PASSWORD: PASSWORD } }
    )
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ passed: '4', failed: '2' })
    const report = readReport(result)
    expect(report.checks[4]?.problems).toEqual([
      'body does not contain "nobody" (body: "you are Bearer ***")'
    ])
    expect(report.checks[5]?.problems).toEqual([
      'status 400, expected 2xx (body: "{\\"error\\":\\"cannot parse ***\\"}")',
      'body does not contain "welcome" (body: "{\\"error\\":\\"cannot parse ***\\"}")'
    ])
    const written = [
      // The raw streams: only the mask registrations may carry the values.
      result.main.stdout
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
        .join('\n'),
      result.main.stderr,
      result.post?.stdout ?? '',
      result.log,
      result.summary,
      JSON.stringify(result.outputs),
      readFileSync(result.outputs.report ?? '', 'utf8'),
      JSON.stringify(p.gh.state.commitStatuses),
      JSON.stringify(p.gh.state.checkRuns)
    ].join('\n')
    expect(written).toContain('you are Bearer ***')
    for (const secret of [PASSWORD, TOKEN, encodeURIComponent(PASSWORD)]) {
      expect(written).not.toContain(secret)
    }
    expect(result.main.stdout).toContain(`::add-mask::${PASSWORD}`)
    expect(result.main.stdout).toContain(`::add-mask::${TOKEN}`)
    expect(stageStatus(p)?.description).toBe(
      '2 of 6 checks failed: who am I, bad login'
    )
  })

  it('refuses to start when a secret the checks use is not set', async () => {
    server = await startShop()
    p = await startSmokePipeline(FLOW)
    const result = await runSmoke(p, server.url)
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message).join('\n')).toContain(
      "smoke.checks: environment variable(s) SHOP_PASSWORD used by the checks are not set or empty; map them in the workflow step's env:"
    )
    expect(server.requests).toEqual([])
    expect(stageStatus(p)).toBeUndefined()
  })
})
