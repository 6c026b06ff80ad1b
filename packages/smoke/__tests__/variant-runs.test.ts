import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFileLedger } from '@rehearse/cli'
import type { DeploymentPayload, Ledger } from '@rehearse/engine'
import { prepareSmoke, runSmoke } from '../src/index.js'
import type { SmokeDeps } from '../src/index.js'
import { withVariantQuery } from '../src/run/build-request.js'
import type { CheckVariant } from '../src/types.js'
import { planWithSmoke } from './plan-helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'rehearse-smoke-variants-'))
let server: Server
let url = ''
const seen: IncomingMessage[] = []
// Answers per flag value, like an application behind feature flags.
let checkoutBroken = true

function answer(request: IncomingMessage): [number, unknown] {
  const path = request.url ?? ''
  const theme = /theme=(\w+)/.exec(request.headers.cookie ?? '')?.[1]
  if (path === '/checkout')
    return request.headers['x-feature-new-checkout'] === '1' && checkoutBroken
      ? [500, { error: 'new checkout is broken' }]
      : [200, { ok: true }]
  if (path === '/login') return [200, { token: `tok-${theme}` }]
  if (path.startsWith('/pay/'))
    return path === `/pay/tok-${theme}` ? [200, { paid: true }] : [409, {}]
  return [200, { ok: true }]
}

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request)
    const [status, body] = answer(request)
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

const FLAGS = `  wait-for-healthy: { deadline-seconds: 0 }
  flags:
    new-checkout:
      header: X-Feature-New-Checkout
      variants: { on: "1", off: "0" }
    theme: { cookie: theme, variants: { dark: dark, light: light } }
    beta: { query: beta, variants: { yes: "a b&c", no: "0" } }
`

function setup(checks: string) {
  const { plan, workspace } = planWithSmoke(`${FLAGS}  checks:\n${checks}`)
  const ledger = createFileLedger(
    join(mkdtempSync(join(dir, 'l-')), 'ledger.json')
  )
  const deps: SmokeDeps = {
    ledger,
    reporter: {
      info: () => undefined,
      warning: () => undefined,
      error: () => undefined,
      group: (_title, body) => body(),
      mask: () => undefined
    },
    clock: { now: () => new Date() },
    baseEnv: {}
  }
  const run = async (sha: string) => {
    const request = {
      plan,
      environment: 'staging',
      sha,
      workspace,
      url,
      baseline: 'previous'
    }
    seen.length = 0
    return runSmoke(request, prepareSmoke({ ...request, env: {} }), deps)
  }
  return { ledger, run }
}

async function deployed(ledger: Ledger, sha: string): Promise<void> {
  const deployment = await ledger.ensureDeployment({
    environment: 'staging',
    sha,
    payload: {} as DeploymentPayload,
    production: false,
    transient: false,
    description: 'test'
  })
  await ledger.setDeploymentState(deployment.id, 'success', {})
}

const sha = (n: number): string => String(n).repeat(40)
const requestsTo = (path: string) => seen.filter(r => r.url === path)

describe('checks with feature-flag variants', () => {
  it('runs a check once per variant, counts each run, and names the variant that failed', async () => {
    checkoutBroken = true
    const { run } = setup(
      '    - { name: health, path: /healthz }\n    - { name: checkout, path: /checkout, variants: [new-checkout] }\n'
    )
    const outcome = await run(sha(1))
    expect(
      requestsTo('/checkout')
        .map(r => r.headers['x-feature-new-checkout'])
        .sort()
    ).toEqual(['0', '1'])
    expect(outcome).toMatchObject({
      status: 'failure',
      passed: 2,
      failed: 1,
      description: '1 of 3 checks failed: checkout [new-checkout=on]'
    })
    expect(
      outcome.checks.map(c => [c.name, c.status, c.variant?.flags ?? null])
    ).toEqual([
      ['health', 'passed', null],
      ['checkout [new-checkout=on]', 'failed', { 'new-checkout': 'on' }],
      ['checkout [new-checkout=off]', 'passed', { 'new-checkout': 'off' }]
    ])
    expect(outcome.summary).toContain('#### Feature-flag variants')
    expect(outcome.summary).toMatch(
      /\| check \| new-checkout=on \| new-checkout=off \|\n\| --- \| --- \| --- \|\n\| checkout \| ❌ [\d.]+ ms \| ✅ [\d.]+ ms \|/
    )
  })

  it('adds a cookie to the check’s own and a query value to its path', async () => {
    const { run } = setup(
      '    - { name: health, path: /healthz }\n    - { name: cart, path: "/cart?q=x", headers: { Cookie: "session=s1" }, variants: [theme, beta] }\n'
    )
    expect((await run(sha(2))).status).toBe('success')
    // The runs go concurrently: their order is free.
    const carts = seen.filter(r => r.url?.startsWith('/cart'))
    expect(carts.map(r => `${r.url} ${r.headers.cookie}`).sort()).toEqual([
      '/cart?q=x&beta=0 session=s1; theme=dark',
      '/cart?q=x&beta=0 session=s1; theme=light',
      '/cart?q=x&beta=a%20b%26c session=s1; theme=dark',
      '/cart?q=x&beta=a%20b%26c session=s1; theme=light'
    ])
  })

  it('runs a flow once per variant, each run with its own captured values', async () => {
    const { run } = setup(
      '    - { name: health, path: /healthz }\n    - { name: log in, flow: shop, path: /login, variants: [theme], capture: { token: { json: token, secret: false } } }\n    - { name: pay, flow: shop, path: "/pay/${{ captured.token }}", variants: [theme] }\n'
    )
    const outcome = await run(sha(3))
    expect(outcome.checks.map(c => `${c.name}: ${c.status}`)).toEqual([
      'health: passed',
      'log in [theme=dark]: passed',
      'log in [theme=light]: passed',
      'pay [theme=dark]: passed',
      'pay [theme=light]: passed'
    ])
    expect(requestsTo('/pay/tok-dark').map(r => r.headers.cookie)).toEqual([
      'theme=dark'
    ])
  })

  it('compares each variant run with the same run of the previous release', async () => {
    checkoutBroken = false
    const { ledger, run } = setup(
      '    - { name: health, path: /healthz }\n    - { name: checkout, path: /checkout, samples: 2, variants: [new-checkout] }\n'
    )
    await deployed(ledger, sha(4))
    expect((await run(sha(4))).status).toBe('success')
    await deployed(ledger, sha(5))
    const second = await run(sha(5))
    expect(Object.keys(second.baseline.p95ByCheck)).toEqual([
      'checkout [new-checkout=on]',
      'checkout [new-checkout=off]'
    ])
    expect(second.checks.map(c => c.baselineP95Ms)).toEqual([
      null,
      expect.any(Number),
      expect.any(Number)
    ])
  })
})

describe('withVariantQuery', () => {
  const variant = (pairs: [string, string][]): CheckVariant => ({
    check: 'c',
    label: 'x',
    choices: pairs.map(([key, value]) => ({
      flag: key,
      variant: value,
      selector: 'query',
      key,
      value
    }))
  })
  it.each([
    ['/search', [['beta', 'on']], '/search?beta=on'],
    ['/search?q=x', [['beta', 'on']], '/search?q=x&beta=on'],
    ['/search?', [['beta', 'on']], '/search?beta=on'],
    ['/a#top', [['beta', 'on']], '/a?beta=on#top'],
    ['/a', [['b e', 'x=y']], '/a?b%20e=x%3Dy'],
    [
      '/a',
      [
        ['a', '1'],
        ['b', '2']
      ],
      '/a?a=1&b=2'
    ]
  ] as [string, [string, string][], string][])(
    '%s with %j becomes %s',
    (path, pairs, expected) => {
      expect(withVariantQuery(path, variant(pairs))).toBe(expected)
    }
  )

  it('leaves the path alone without query variants', () => {
    expect(withVariantQuery('/a?b', undefined)).toBe('/a?b')
  })
})
