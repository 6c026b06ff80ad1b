import { afterAll, describe, expect, it } from '@jest/globals'
import {
  planWith,
  production,
  removeWorkspaces,
  violations
} from './boundary-plan.js'
import type { Edit } from './boundary-plan.js'

afterAll(removeWorkspaces)

const hosts =
  (...entries: string[]): Edit =>
  plan => {
    production(plan).hosts = entries
  }

describe('production hosts: entries', () => {
  it.each<[string, string, string, number]>([
    ['a name', 'postgres://u:pw@db.internal/shop', 'db.internal', 0],
    ['a dotted IPv4, reached in hex', 'http://0xA000003/', '10.0.0.3', 1],
    ['host:port on loopback', 'redis://[::1]:5432', 'loopback:5432', 2],
    ['a single label', 'psql -h secret-db', 'secret-db', 3],
    ['a file-extension TLD', 'mysql -h db.acme.pl', 'db.acme.pl', 4]
  ])('refuse %s', (_title, text, host, index) => {
    const found = violations(plan => {
      hosts(
        'db.internal',
        '10.0.0.3',
        '127.0.0.1:5432',
        'secret-db',
        'db.acme.pl'
      )(plan, {})
      plan.environments.staging.env.TARGET = text
    })
    expect(found).toEqual([
      {
        where: 'environments.staging.env.TARGET',
        host,
        productionSource: `environments.production.hosts[${index}]`
      }
    ])
  })

  it('refuse, rather than ignore, an entry that is no host', () => {
    // The loader refuses it with file and line before any run.
    expect(() => planWith(hosts('db.internal', 'db.internal:'))).toThrow(
      'environments.production.hosts[1]: "db.internal:" names no host'
    )
  })

  it('keep loopback ports apart', () => {
    const found = violations(plan => {
      hosts('127.0.0.1:5432')(plan, {})
      plan.environments.staging.env.DATABASE_URL = 'postgres://localhost:5433/x'
    })
    expect(found).toEqual([])
  })
})

describe('reaches: places a run reaches that are not in the plan', () => {
  const database = (text: string) => ({
    where: 'database URL (input "database-url")',
    text
  })

  it.each<[string, string, string, string]>([
    [
      'the database URL actually used, from a secret',
      'postgres://shop:s3cret@DB.PROD.example.com:5432/shop',
      'db.prod.example.com',
      'environments.production.env.DB_HOST'
    ],
    [
      'a database host only production’s hosts: names',
      'postgres://shop:s3cret@167772163/shop',
      '10.0.0.3',
      'environments.production.hosts[0]'
    ],
    [
      'a database on production’s loopback port',
      'postgresql://shop@localhost/shop',
      'loopback:5432',
      'environments.production.env.DATABASE_URL'
    ]
  ])('refuse %s', (_title, text, host, productionSource) => {
    const found = violations(
      plan => {
        hosts('10.0.0.3')(plan, {})
        plan.environments.production.env.DB_HOST = 'db.prod.example.com'
        plan.environments.production.env.DATABASE_URL =
          'postgres://127.0.0.1:5432/shop'
      },
      [database(text)]
    )
    expect(found).toEqual([
      { where: 'database URL (input "database-url")', host, productionSource }
    ])
  })

  it('accept staging’s own database and smoke URL', () => {
    const found = violations(
      plan => {
        plan.environments.production.env.DATABASE_URL =
          'postgres://u:pw@db.prod.example.com/shop'
      },
      [
        database('postgres://u:pw@db.staging.example.com/shop'),
        {
          where: 'smoke URL (input "url")',
          text: 'https://staging.example.com'
        }
      ]
    )
    expect(found).toEqual([])
  })

  it('refuse a smoke URL input that is production’s, in any spelling', () => {
    const smoke = (text: string) =>
      violations(() => undefined, [{ where: 'smoke URL (input "url")', text }])
    expect(smoke('https://www%2Eexample.com/')).toEqual([])
    expect(smoke('https://%65xample.com/')).toEqual([
      {
        where: 'smoke URL (input "url")',
        host: 'example.com',
        productionSource: 'environments.production.url'
      }
    ])
  })
})
