import { afterAll, describe, expect, it } from '@jest/globals'
import { compareEnvironments } from '../../src/parity/compare-environments.js'
import type { ParityRow } from '../../src/parity/types.js'
import { loadEdited, removeWorkspaces } from '../fingerprint/plan-workspace.js'
import type { Edit } from '../fingerprint/plan-workspace.js'

afterAll(removeWorkspaces)

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

function compare(
  edit: Edit = () => undefined,
  secretNames?: (name: string) => boolean
) {
  const { plan } = loadEdited(edit)
  return compareEnvironments(plan, 'staging', 'production', {
    sha: SHA,
    secretNames
  })
}

const rowNamed = (rows: readonly ParityRow[], name: string) =>
  rows.find(row => row.name === name)

describe('compareEnvironments', () => {
  it('lists every variable, the resolved artifact and the url side by side', () => {
    const report = compare()
    expect(report.rows.map(row => [row.kind, row.name])).toEqual([
      ['variable', 'API_URL'],
      ['variable', 'REPLICAS'],
      ['artifact', 'artifact'],
      ['url', 'url']
    ])
    expect(rowNamed(report.rows, 'artifact')).toMatchObject({
      from: `ghcr.io/acme/shop:${SHA}`,
      to: `ghcr.io/acme/shop:${SHA}`,
      differs: false
    })
  })

  it.each<[string, Edit, Partial<ParityRow>]>([
    [
      'the same value is the same',
      plan => {
        plan.environments.production.env.API_URL =
          'https://api.staging.example.com'
      },
      { name: 'API_URL', differs: false, declared: false }
    ],
    [
      'a declared difference is declared',
      () => undefined,
      { name: 'REPLICAS', from: '1', to: '6', differs: true, declared: true }
    ],
    [
      'an undeclared value difference differs',
      () => undefined,
      { name: 'API_URL', differs: true, declared: false }
    ],
    [
      'a variable missing in the target is absent there',
      plan => {
        plan.environments.staging.env.DEBUG = 'true'
      },
      { name: 'DEBUG', from: 'true', to: undefined, differs: true }
    ],
    [
      'a variable missing in the required environment is absent there',
      plan => {
        plan.environments.production.env.CDN = 'cdn.example.com'
      },
      { name: 'CDN', from: undefined, to: 'cdn.example.com', differs: true }
    ],
    [
      'an empty value differs from an absent one',
      plan => {
        plan.environments.staging.env.EMPTY = ''
      },
      { name: 'EMPTY', from: '', to: undefined, differs: true }
    ]
  ])('shows that %s', (_title, edit, expected) => {
    const report = compare(edit)
    expect(rowNamed(report.rows, expected.name ?? '')).toMatchObject(expected)
  })

  it('refuses undeclared differences only, never the url', () => {
    const report = compare(plan => {
      plan.environments.production.env.LOG_LEVEL = 'warn'
    })
    expect(report.undeclared.map(row => row.name)).toEqual([
      'API_URL',
      'LOG_LEVEL'
    ])
    expect(rowNamed(report.rows, 'url')).toMatchObject({
      from: 'https://staging.example.com',
      to: 'https://example.com',
      differs: true,
      informational: true
    })
  })

  it('has no undeclared differences when only declared ones differ', () => {
    const report = compare(plan => {
      plan.environments.production.env.API_URL =
        'https://api.staging.example.com'
    })
    expect(report.undeclared).toEqual([])
  })

  it.each<[string, Record<string, [string, string]>]>([
    [
      'secret-looking names',
      {
        DB_PASSWORD: ['hunter2', 'correct-horse'],
        STRIPE_SECRET: ['sk_test_1', 'sk_live_1'],
        api_key: ['k1', 'k2'],
        GITHUB_TOKEN: ['t1', 't2'],
        SENTRY_DSN: ['d1', 'd2'],
        DATABASE_URL: ['u1', 'u2']
      }
    ],
    [
      'URLs carrying a user and password',
      {
        CACHE_URL: [
          'redis://app:s3cret@cache.staging:6379',
          'redis://app:pr0d@cache:6379'
        ]
      }
    ]
  ])('masks the values of %s but still compares them', (_title, variables) => {
    const report = compare(plan => {
      for (const [name, [staging, production]] of Object.entries(variables)) {
        plan.environments.staging.env[name] = staging
        plan.environments.production.env[name] = production
      }
    })
    for (const name of Object.keys(variables)) {
      expect(rowNamed(report.rows, name)).toMatchObject({
        from: '•••',
        to: '•••',
        masked: true,
        differs: true
      })
    }
  })

  it('masks a secret that is the same in both and calls it the same', () => {
    const report = compare(plan => {
      plan.environments.staging.env.SHARED_SECRET = 'same'
      plan.environments.production.env.SHARED_SECRET = 'same'
    })
    expect(rowNamed(report.rows, 'SHARED_SECRET')).toMatchObject({
      from: '•••',
      to: '•••',
      differs: false
    })
  })

  it('adds the caller’s secret names to the default ones', () => {
    const report = compare(
      plan => {
        plan.environments.staging.env.LICENSE = 'abc'
      },
      name => name === 'LICENSE'
    )
    expect(rowNamed(report.rows, 'LICENSE')).toMatchObject({
      from: '•••',
      to: undefined
    })
    expect(rowNamed(report.rows, 'REPLICAS')).toMatchObject({
      from: '1',
      masked: false
    })
  })

  it('does not mistake a variable named "constructor" for an absent one', () => {
    const report = compare(plan => {
      plan.environments.staging.env['constructor'] = 'x'
    })
    expect(rowNamed(report.rows, 'constructor')).toMatchObject({
      from: 'x',
      to: undefined,
      differs: true
    })
  })
})
