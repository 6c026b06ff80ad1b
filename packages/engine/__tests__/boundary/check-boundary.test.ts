import { afterAll, describe, expect, it } from '@jest/globals'
import { checkBoundary } from '../../src/boundary/check-boundary.js'
import { planWith, removeWorkspaces, violations } from './boundary-plan.js'
import type { Edit } from './boundary-plan.js'

afterAll(removeWorkspaces)

describe('checkBoundary', () => {
  it('accepts the design’s plan: staging.example.com is not example.com', () => {
    expect(violations(() => undefined)).toEqual([])
  })

  it.each<[string, string]>([
    ['a subdomain of the production host', 'https://staging.example.com'],
    ['a host that only starts with it', 'https://example.com.evil.io'],
    ['a host that only ends with it', 'https://myexample.com'],
    ['a longer public suffix', 'https://example.com.au'],
    ['a path that contains it', 'https://staging.test/example.com']
  ])('does not confuse %s with it', (_title, value) => {
    expect(
      violations(plan => {
        plan.environments.staging.env.OTHER = value
      })
    ).toEqual([])
  })

  it.each<[string, Edit, object]>([
    [
      'its url is the production url',
      plan => {
        plan.environments.staging.url = 'https://EXAMPLE.com./'
      },
      {
        where: 'environments.staging.url',
        host: 'example.com',
        productionSource: 'environments.production.url'
      }
    ],
    [
      'an env value is a production URL',
      plan => {
        plan.environments.staging.env.API_URL = 'https://api.example.com/v2'
      },
      {
        where: 'environments.staging.env.API_URL',
        host: 'api.example.com',
        productionSource: 'environments.production.env.API_URL'
      }
    ],
    [
      'an env value names a host of a production database URL with credentials and port',
      plan => {
        plan.environments.production.env.DATABASE_URL =
          'postgres://shop:pw@db.prod.example.com:5432/shop'
        plan.environments.staging.env.DB_HOST = 'db.prod.example.com'
      },
      {
        where: 'environments.staging.env.DB_HOST',
        host: 'db.prod.example.com',
        productionSource: 'environments.production.env.DATABASE_URL'
      }
    ],
    [
      'a URL with userinfo and port points at a bare production host',
      plan => {
        plan.environments.production.env.DB_HOST = 'db.prod.example.com'
        plan.environments.staging.env.DATABASE_URL =
          'postgres://shop:pw@db.prod.example.com:5432/shop'
      },
      {
        where: 'environments.staging.env.DATABASE_URL',
        host: 'db.prod.example.com',
        productionSource: 'environments.production.env.DB_HOST'
      }
    ],
    [
      'a step run hard-codes a production host',
      plan => {
        plan.environments.production.env.DB_HOST = 'db.prod.example.com'
        plan.deploy.push({
          name: 'Seed',
          run: 'psql -h db.prod.example.com -f seed.sql'
        })
      },
      {
        where: 'deploy[2].run',
        host: 'db.prod.example.com',
        productionSource: 'environments.production.env.DB_HOST'
      }
    ],
    [
      'a step env value is a production URL',
      plan => {
        plan.deploy[0].env.NOTIFY = 'https://example.com/hooks/deployed'
      },
      {
        where: 'deploy[0].env.NOTIFY',
        host: 'example.com',
        productionSource: 'environments.production.url'
      }
    ],
    [
      'it mentions the IP of a production URL',
      plan => {
        plan.environments.production.env.CACHE_URL = 'redis://10.1.2.3:6379'
        plan.environments.staging.env.CACHE_HOST = '10.1.2.3'
      },
      {
        where: 'environments.staging.env.CACHE_HOST',
        host: '10.1.2.3',
        productionSource: 'environments.production.env.CACHE_URL'
      }
    ],
    [
      'it shares a host with production, even on purpose (strict)',
      plan => {
        plan.environments.production.env.REGISTRY = 'registry.example.com'
        plan.environments.staging.env.REGISTRY = 'registry.example.com'
      },
      {
        where: 'environments.staging.env.REGISTRY',
        host: 'registry.example.com',
        productionSource: 'environments.production.env.REGISTRY'
      }
    ]
  ])('refuses a staging run when %s', (_title, edit, expected) => {
    expect(violations(edit)).toEqual([expected])
  })

  it('checks rollback steps, which are shared like deploy steps', () => {
    const plan = planWith()
    const step = { name: 'Undo', timeoutMinutes: 5, env: {} }
    const withRollback = {
      ...plan,
      rollback: [{ ...step, run: 'ssh ops@api.example.com systemctl restart' }]
    }
    expect(checkBoundary(withRollback, 'staging')).toEqual([
      {
        environment: 'staging',
        where: 'rollback[0].run',
        host: 'api.example.com',
        productionSource: 'environments.production.env.API_URL'
      }
    ])
  })

  it('checks migration commands and smoke check paths, shared by every environment', () => {
    const found = violations(plan => {
      plan.environments.production.env.DB_HOST = 'prod-db'
      Object.assign(plan, {
        migrations: {
          tool: 'command',
          up: 'migrate --host prod-db up',
          status: 'migrate status'
        },
        smoke: { checks: [{ name: 'home', path: '//example.com/' }] }
      })
    })
    expect(found).toEqual([
      {
        where: 'migrations.up',
        host: 'prod-db',
        productionSource: 'environments.production.env.DB_HOST'
      },
      {
        where: 'smoke.checks[0].path',
        host: 'example.com',
        productionSource: 'environments.production.url'
      }
    ])
  })

  it('tells loopback environments apart by port, whatever loopback is called', () => {
    const local = (stagingApi: string) =>
      violations(plan => {
        plan.environments.staging.url = 'http://localhost:8080'
        plan.environments.staging.env.API_URL = stagingApi
        plan.environments.production.url = 'http://localhost:8081'
        plan.environments.production.env.API_URL = 'http://localhost:8081/api'
      })
    expect(local('http://localhost:8080/api')).toEqual([])
    expect(local('http://127.0.0.1:8080/api')).toEqual([])
    // Before step 6, 127.0.0.1:8081 passed: it is the same host and port.
    for (const api of [
      'http://localhost:8081/api',
      'http://127.0.0.1:8081/api',
      'http://[::1]:8081/api'
    ]) {
      expect(local(api)).toEqual([
        {
          where: 'environments.staging.env.API_URL',
          host: 'loopback:8081',
          productionSource: 'environments.production.url'
        }
      ])
    }
  })

  it('takes production hosts from every production environment, not from others', () => {
    const found = violations(plan => {
      plan.environments.eu = {
        url: 'https://eu.example.com',
        production: true,
        requires: ['staging']
      }
      plan.environments.qa = { url: 'https://qa.example.com' }
      plan.environments.staging.env.PEER = 'https://eu.example.com'
      plan.environments.staging.env.QA = 'https://qa.example.com'
    })
    expect(found).toEqual([
      {
        where: 'environments.staging.env.PEER',
        host: 'eu.example.com',
        productionSource: 'environments.eu.url'
      }
    ])
  })

  it('ignores versions and file names in production values', () => {
    expect(
      violations(plan => {
        plan.environments.production.env.VERSION = '1.2.3'
        plan.environments.production.env.ENTRY = 'server.js'
        plan.environments.staging.env.VERSION = '1.2.3'
        plan.deploy.push({ run: 'node server.js' })
      })
    ).toEqual([])
  })

  it('does not check a production run', () => {
    const plan = planWith(raw => {
      raw.environments.production.url = 'https://staging.example.com'
      raw.deploy[0].env.TARGET = 'https://example.com'
    })
    const reach = { where: 'smoke URL (input "url")', text: 'https://x.test' }
    expect(checkBoundary(plan, 'production', [reach])).toEqual([])
    expect(checkBoundary(plan, 'staging')).not.toEqual([])
  })
})
