import { afterEach, describe, expect, it } from '@jest/globals'
import type { IncomingHttpHeaders } from 'node:http'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  annotations,
  readReport,
  removeKeptTemp,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

let p: Pipeline
let server: TestServer
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await removeKeptTemp()
})

/** What the shop was asked: path and the headers that select variants. */
const asked: { path: string; headers: IncomingHttpHeaders }[] = []

// A shop behind feature flags: the new checkout is broken, the rest works
// whatever the variant, and every answer says which variant it saw.
async function startFlaggedShop(): Promise<TestServer> {
  asked.length = 0
  return startServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop')
    asked.push({ path: request.url ?? '', headers: request.headers })
    const theme = /(?:^|; )theme=([^;]*)/.exec(request.headers.cookie ?? '')
    switch (url.pathname) {
      case '/healthz':
        return json(response, 200, { ok: true })
      case '/checkout':
        return request.headers['x-feature-new-checkout'] === '1'
          ? json(response, 500, { error: 'new checkout: no payment step' })
          : json(response, 200, { checkout: 'classic' })
      case '/home':
        return json(response, 200, { theme: theme?.[1] ?? 'default' })
      case '/search':
        return json(response, 200, { beta: url.searchParams.get('beta') })
      default:
        return json(response, 404, {})
    }
  })
}

const FLAGGED = `  wait-for-healthy: { deadline-seconds: 0 }
  flags:
    new-checkout:
      header: X-Feature-New-Checkout
      variants: { on: "1", off: "0" }
    theme:
      cookie: theme
      variants: { dark: dark, light: light }
    beta-search:
      query: beta
      variants: { on: "yes", off: "no" }
  checks:
    - { name: health, path: /healthz }
    - { name: checkout, path: /checkout, variants: [new-checkout] }
    - { name: home, path: /home, variants: [theme] }
    - { name: search, path: "/search?q=shoes", variants: [beta-search] }
`

const askedFor = (path: string) =>
  asked.filter(request => request.path.split('?')[0] === path)

describe('smoke-test with feature-flag variants', () => {
  it('runs a check once per variant with its header, cookie or query value, and fails the stage naming the variant that failed', async () => {
    server = await startFlaggedShop()
    p = await startSmokePipeline(FLAGGED)
    const result = await runSmoke(p, server.url)

    expect(result.main.exitCode).toBe(1)
    expect(
      askedFor('/checkout')
        .map(request => request.headers['x-feature-new-checkout'])
        .sort()
    ).toEqual(['0', '1'])
    expect(
      askedFor('/home')
        .map(request => request.headers.cookie)
        .sort()
    ).toEqual(['theme=dark', 'theme=light'])
    expect(
      askedFor('/search')
        .map(request => request.path)
        .sort()
    ).toEqual(['/search?q=shoes&beta=no', '/search?q=shoes&beta=yes'])
    // No run sent another flag's selector.
    expect(
      askedFor('/home').map(r => r.headers['x-feature-new-checkout'])
    ).toEqual([undefined, undefined])

    // Every variant run is a check of its own.
    expect(result.outputs).toMatchObject({ passed: '6', failed: '1' })
    const description = '1 of 7 checks failed: checkout [new-checkout=on]'
    expect(stageStatus(p)).toMatchObject({ state: 'failure', description })
    expect(annotations(result)).toContain('checkout [new-checkout=on]')
    const report = readReport(result)
    expect(
      report.checks.map(c => `${String(c.name)}: ${String(c.status)}`)
    ).toEqual([
      'health: passed',
      'checkout [new-checkout=on]: failed',
      'checkout [new-checkout=off]: passed',
      'home [theme=dark]: passed',
      'home [theme=light]: passed',
      'search [beta-search=on]: passed',
      'search [beta-search=off]: passed'
    ])
    expect(report.checks[1]).toMatchObject({
      variant: {
        check: 'checkout',
        label: 'new-checkout=on',
        flags: { 'new-checkout': 'on' }
      },
      problems: [
        'status 500, expected 2xx (body: "{\\"error\\":\\"new checkout: no payment step\\"}")'
      ]
    })

    // The summary: the usual table, then a check × variant grid per flag.
    expect(result.summary).toContain(
      '| checkout &#91;new-checkout=on&#93;<br>GET /checkout | ❌ failed |'
    )
    const grid = (
      result.summary.split('#### Feature-flag variants\n\n')[1] ?? ''
    )
      .split('\n\n**Problems**')[0]
      ?.replace(/\d+\.\d ms/g, 'N ms')
    expect(grid).toBe(
      [
        '| check | new-checkout=on | new-checkout=off |',
        '| --- | --- | --- |',
        '| checkout | ❌ N ms | ✅ N ms |',
        '',
        '| check | theme=dark | theme=light |',
        '| --- | --- | --- |',
        '| home | ✅ N ms | ✅ N ms |',
        '',
        '| check | beta-search=on | beta-search=off |',
        '| --- | --- | --- |',
        '| search | ✅ N ms | ✅ N ms |'
      ].join('\n')
    )
    expect(result.summary).toContain(
      '- **checkout &#91;new-checkout=on&#93;**: status 500, expected 2xx'
    )
  })

  it('refuses a check that names an undeclared flag before any request, naming the file and key', async () => {
    server = await startFlaggedShop()
    p = await startSmokePipeline(
      FLAGGED.replace('variants: [theme]', 'variants: [theme, dark-mode]')
    )
    const result = await runSmoke(p, server.url)

    expect(result.main.exitCode).toBe(1)
    expect(asked).toEqual([])
    expect(annotations(result)).toContain(
      '.github/rehearse.yml: smoke.checks[2].variants[1]: "dark-mode" is not a flag of smoke.flags (known: new-checkout, theme, beta-search)'
    )
  })
})
