import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { loadPlan } from '../../src/plan/load-plan.js'
import { makeWorkspace, PLAN } from './plan-fixture.js'

const base = (smoke: string): string =>
  `version: 1\ndeploy:\n  - run: echo deploy\nenvironments:\n  staging: {}\nsmoke:\n${smoke}`

function load(text: string) {
  return loadPlan({
    workspace: makeWorkspace({ [PLAN]: text, 'certs/ca.pem': 'PEM' }),
    file: PLAN,
    environment: 'staging'
  })
}

function errorOf(text: string): string {
  try {
    load(text)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('the plan was accepted')
}

const FULL = `  concurrency: 4
  timeouts: { connect-ms: 2000, read-ms: 5000 }
  wait-for-healthy: { deadline-seconds: 90, initial-backoff-ms: 250, max-backoff-ms: 4000 }
  tls: { warn-days: 21, error-days: 5, ca-file: certs/ca.pem }
  baseline: { max-p95-ratio: 1.3, min-slowdown-ms: 10 }
  max-body-bytes: 65536
  checks:
    - { name: health, path: /healthz, expect: { status: 200, max-latency-ms: 500 } }
    - name: login
      flow: checkout
      method: POST
      path: /login
      headers: { Authorization: "Basic \${{ env.APP_CREDENTIALS }}" }
      body: { user: ada }
      capture:
        token: { json: data.token }
        request: { header: x-request-id, secret: false }
        csrf: { regex: 'csrf=(\\w+)' }
      expect:
        status: [200, 201]
        body-contains: [token]
        body-matches: '^\\{'
        json: { data.user: ada, "data.roles[0]": admin }
        headers: { content-type: application/json, x-powered-by: false }
      samples: 20
      retries: 2
      timeouts: { read-ms: 1000 }
`

describe('the smoke section of the plan schema', () => {
  it('accepts every documented key', () => {
    const plan = load(base(FULL))
    expect(plan.smoke).toMatchObject({
      concurrency: 4,
      checks: [{ name: 'health' }, { name: 'login', samples: 20 }]
    })
  })

  it.each([
    [
      'an unknown smoke key',
      '  retries: 3\n  checks: []\n',
      `${PLAN}:7: smoke.retries: unknown key "retries" (known: checks, flags, concurrency, timeouts, wait-for-healthy, tls, baseline, max-body-bytes)`
    ],
    [
      'an unknown check key',
      '  checks:\n    - { name: a, path: /, url: "http://x" }\n',
      `${PLAN}:8: smoke.checks[0].url: unknown key "url" (known: name, path, method, headers, body, flow, variants, capture, expect, samples, retries, timeouts)`
    ],
    [
      'a check without a name',
      '  checks:\n    - { path: / }\n',
      `${PLAN}:8: smoke.checks[0]: missing required key "name"`
    ],
    [
      'a full URL as path',
      '  checks:\n    - { name: a, path: "https://evil.example/x" }\n',
      `${PLAN}:8: smoke.checks[0].path: must start with "/", got string "https://evil.example/x"`
    ],
    [
      'an unknown method',
      '  checks:\n    - { name: a, path: /, method: TRACE }\n',
      `${PLAN}:8: smoke.checks[0].method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got string "TRACE"`
    ],
    [
      'an unknown expectation',
      '  checks:\n    - { name: a, path: /, expect: { body: ok } }\n',
      `${PLAN}:8: smoke.checks[0].expect.body: unknown key "body" (known: status, body-contains, body-matches, json, headers, max-latency-ms)`
    ],
    [
      'a status out of range',
      '  checks:\n    - { name: a, path: /, expect: { status: 99 } }\n',
      `${PLAN}:8: smoke.checks[0].expect.status: must be >= 100`
    ],
    [
      'a status in a list out of range',
      '  checks:\n    - { name: a, path: /, expect: { status: [200, 600] } }\n',
      `${PLAN}:8: smoke.checks[0].expect.status[1]: must be <= 599`
    ],
    [
      'a negative latency budget',
      '  checks:\n    - { name: a, path: /, expect: { max-latency-ms: 0 } }\n',
      `${PLAN}:8: smoke.checks[0].expect.max-latency-ms: must be > 0`
    ],
    [
      'a numeric header value',
      '  checks:\n    - { name: a, path: /, headers: { X-Count: 3 } }\n',
      `${PLAN}:8: smoke.checks[0].headers.X-Count: must be a string, got number 3 (quote the value)`
    ],
    [
      'a header name with a space',
      '  checks:\n    - { name: a, path: /, headers: { "X Bad": v } }\n',
      `${PLAN}:8: smoke.checks[0].headers.X Bad: "X Bad" is not valid as a name (letters, digits, "_", "-", "."; no spaces)`
    ],
    [
      'zero samples',
      '  checks:\n    - { name: a, path: /, samples: 0 }\n',
      `${PLAN}:8: smoke.checks[0].samples: must be >= 1`
    ],
    [
      'too many retries',
      '  checks:\n    - { name: a, path: /, retries: 11 }\n',
      `${PLAN}:8: smoke.checks[0].retries: must be <= 10`
    ],
    [
      'an unknown capture source',
      '  checks:\n    - { name: a, path: /, capture: { token: { cookie: sid } } }\n',
      `${PLAN}:8: smoke.checks[0].capture.token.cookie: unknown key "cookie" (known: json, header, regex, secret)`
    ],
    [
      'a capture name that is not a variable name',
      '  checks:\n    - { name: a, path: /, capture: { my-token: { json: t } } }\n',
      `${PLAN}:8: smoke.checks[0].capture.my-token: "my-token" is not valid as a name (letters, digits, "_", "-", "."; no spaces)`
    ],
    [
      'a text timeout',
      '  timeouts: { read-ms: 5s }\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:7: smoke.timeouts.read-ms: must be a whole number, got string "5s"`
    ],
    [
      'zero concurrency',
      '  concurrency: 0\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:7: smoke.concurrency: must be >= 1`
    ],
    [
      'an unknown wait-for-healthy key',
      '  wait-for-healthy: { timeout: 10 }\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:7: smoke.wait-for-healthy.timeout: unknown key "timeout" (known: deadline-seconds, initial-backoff-ms, max-backoff-ms)`
    ],
    [
      'a way to turn TLS verification off',
      '  tls: { verify: false }\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:7: smoke.tls.verify: unknown key "verify" (known: warn-days, error-days, ca-file)`
    ],
    [
      'a baseline ratio below 1',
      '  baseline: { max-p95-ratio: 0.5 }\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:7: smoke.baseline.max-p95-ratio: must be >= 1`
    ],
    [
      'a fractional body cap',
      '  max-body-bytes: 1.5\n  checks:\n    - { name: a, path: / }\n',
      `${PLAN}:7: smoke.max-body-bytes: must be a whole number, got number 1.5`
    ]
  ])('refuses %s with file, line and key', (_case, smoke, expected) => {
    expect(errorOf(base(smoke))).toBe(expected)
  })
})
