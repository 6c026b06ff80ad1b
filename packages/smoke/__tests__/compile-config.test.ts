import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { compileSmokeConfig } from '../src/config/compile-config.js'
import { planWithSmoke } from './plan-helpers.js'

const PLAN = '.github/rehearse.yml'

function compile(smoke: string, env: Record<string, string> = {}) {
  return compileSmokeConfig(planWithSmoke(smoke).plan, env)
}

function problemsOf(smoke: string, env: Record<string, string> = {}): string {
  try {
    compile(smoke, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('the checks were accepted')
}

describe('compileSmokeConfig', () => {
  it('applies the documented defaults', () => {
    const config = compile(
      '  checks:\n    - { name: health, path: /healthz }\n'
    )
    expect(config).toMatchObject({
      concurrency: 64,
      waitForHealthy: {
        deadlineMs: 120_000,
        initialBackoffMs: 500,
        maxBackoffMs: 10_000
      },
      tls: { warnDays: 30, errorDays: 3, caFile: undefined },
      baseline: { maxP95Ratio: 1.5, minSlowdownMs: 5 },
      maxBodyBytes: 1_048_576,
      envNames: []
    })
    expect(config.checks[0]).toMatchObject({
      method: 'GET',
      samples: 1,
      retries: 0,
      timeouts: { connectMs: 5000, readMs: 10_000 },
      expect: { status: undefined, bodyContains: [], json: [] }
    })
  })

  it('lets a check override the plan-wide timeouts', () => {
    const config = compile(
      '  timeouts: { connect-ms: 100, read-ms: 200 }\n  checks:\n    - { name: a, path: /, timeouts: { read-ms: 50 } }\n    - { name: b, path: / }\n'
    )
    expect(config.checks.map(check => check.timeouts)).toEqual([
      { connectMs: 100, readMs: 50 },
      { connectMs: 100, readMs: 200 }
    ])
  })

  it('collects the environment variables the checks use', () => {
    const config = compile(
      '  checks:\n    - { name: a, path: "/?k=${{ env.API_KEY }}", headers: { Authorization: "Bearer ${{ env.TOKEN }}" } }\n',
      { API_KEY: 'k', TOKEN: 't' }
    )
    expect(config.envNames).toEqual(['API_KEY', 'TOKEN'])
  })

  it('refuses a plan without checks', () => {
    expect(problemsOf('  concurrency: 2\n')).toBe(
      `${PLAN}: smoke.checks: the plan defines no smoke checks. Add them under "smoke: checks:" (see the smoke-test README).`
    )
  })

  it.each([
    [
      'duplicate names',
      '    - { name: a, path: / }\n    - { name: a, path: /b }\n',
      `${PLAN}: smoke.checks[1].name: "a" is already the name of smoke.checks[0]; names must be unique (the baseline matches checks by name)`
    ],
    [
      'a body on GET',
      '    - { name: a, path: /, body: x }\n',
      `${PLAN}: smoke.checks[0].body: a GET request has no body; use POST, PUT or PATCH`
    ],
    [
      'an invalid regular expression',
      '    - { name: a, path: /, expect: { body-matches: "(" } }\n',
      `${PLAN}: smoke.checks[0].expect.body-matches: invalid regular expression: Invalid regular expression: /(/: Unterminated group`
    ],
    [
      'an invalid JSON path',
      '    - { name: a, path: /, expect: { json: { "a..b": 1 } } }\n',
      `${PLAN}: smoke.checks[0].expect.json.a..b: "a..b" is not a JSON path (e.g. data.items[0].id)`
    ],
    [
      'a capture with two sources',
      '    - { name: a, path: /, capture: { t: { json: a, header: b } } }\n',
      `${PLAN}: smoke.checks[0].capture.t: give exactly one of json, header or regex`
    ],
    [
      'a capture with an invalid JSON path',
      '    - { name: a, path: /, capture: { t: { json: "a[" } } }\n',
      `${PLAN}: smoke.checks[0].capture.t.json: "a[" is not a JSON path (e.g. data.items[0].id)`
    ],
    [
      'a secrets expression',
      '    - { name: a, path: /, headers: { X: "${{ secrets.TOKEN }}" } }\n',
      `${PLAN}: smoke.checks[0]: \${{ secrets.TOKEN }} is not a reference Rehearse knows: use \${{ env.NAME }} (an environment variable of the step, e.g. a secret) or \${{ captured.NAME }}`
    ],
    [
      'a value captured later',
      '    - { name: a, flow: f, path: "/${{ captured.t }}" }\n    - { name: b, flow: f, path: /, capture: { t: { json: t } } }\n',
      `${PLAN}: smoke.checks[0]: \${{ captured.t }} is not captured by an earlier check of flow "f"; captured values are shared only between checks of the same flow, in order`
    ],
    [
      'a value captured in another flow',
      '    - { name: a, flow: f, path: /, capture: { t: { json: t } } }\n    - { name: b, flow: g, path: "/${{ captured.t }}" }\n',
      `${PLAN}: smoke.checks[1]: \${{ captured.t }} is not captured by an earlier check of flow "g"`
    ],
    [
      'a captured value outside any flow',
      '    - { name: a, path: /, capture: { t: { json: t } } }\n    - { name: b, path: "/", expect: { body-contains: "${{ captured.t }}" } }\n',
      `${PLAN}: smoke.checks[1]: \${{ captured.t }} is not captured by an earlier check; captured values`
    ],
    [
      'an unset environment variable',
      '    - { name: a, path: /, headers: { Authorization: "Bearer ${{ env.API_TOKEN }}" } }\n',
      `${PLAN}: smoke.checks: environment variable(s) API_TOKEN used by the checks are not set or empty; map them in the workflow step's env: (e.g. API_TOKEN: \${{ secrets.API_TOKEN }})`
    ]
  ])('refuses %s', (_case, checks, expected) => {
    expect(problemsOf(`  checks:\n${checks}`)).toContain(expected)
  })

  it('accepts the example of the action README', () => {
    const readme = readFileSync(
      join(import.meta.dirname, '../../../actions/smoke-test/README.md'),
      'utf8'
    )
    const example = /```yaml\nsmoke:\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    const config = compile(example, { SHOP_PASSWORD: 'x' })
    expect(config.checks.map(check => check.name)).toEqual([
      'health',
      'search',
      'log in',
      'create an order',
      'read it back'
    ])
    expect(config.envNames).toEqual(['SHOP_PASSWORD'])
  })

  it('reports every problem at once', () => {
    const message = problemsOf(
      '  checks:\n    - { name: a, path: /, expect: { body-matches: "[" } }\n    - { name: a, path: "/${{ env.NOPE }}" }\n'
    )
    expect(message.split('\n')).toHaveLength(3)
  })
})
