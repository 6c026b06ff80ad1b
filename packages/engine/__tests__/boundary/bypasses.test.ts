import { afterAll, describe, expect, it } from '@jest/globals'
import { removeWorkspaces, violations } from './boundary-plan.js'
import type { Edit } from './boundary-plan.js'

afterAll(removeWorkspaces)

// Each spelling that once slipped past the check, and its variants: the
// production side as written in production's config, the staging side as a
// staging run would write it. Every one is refused, naming production's host.

const prodUrl =
  (url: string): Edit =>
  plan => {
    plan.environments.production.url = url
  }
const prodEnv =
  (key: string, value: string): Edit =>
  plan => {
    plan.environments.production.env[key] = value
  }
const stagingUrl =
  (url: string): Edit =>
  plan => {
    plan.environments.staging.url = url
  }
const stagingEnv =
  (value: string, key = 'TARGET'): Edit =>
  plan => {
    plan.environments.staging.env[key] = value
  }
const step =
  (run: string): Edit =>
  plan => {
    plan.deploy.push({ name: 'Reach', run })
  }

const URL_SOURCE = 'environments.production.url'
const STAGING_URL = 'environments.staging.url'
const TARGET = 'environments.staging.env.TARGET'
const STEP = 'deploy[2].run'

type Row = [string, Edit, Edit, string, string, string]

const cache = prodEnv('CACHE_URL', 'redis://10.0.0.3:6379')
const cacheSource = 'environments.production.env.CACHE_URL'
const ip = (title: string, staging: Edit, where = TARGET): Row => [
  title,
  cache,
  staging,
  '10.0.0.3',
  cacheSource,
  where
]

const local = prodUrl('http://127.0.0.1:4302')
const loop = (title: string, staging: Edit, where = STAGING_URL): Row => [
  title,
  local,
  staging,
  'loopback:4302',
  URL_SOURCE,
  where
]

const prodDb = prodEnv('DATABASE_URL', 'postgres://prod-db:5432/shop')
const dbSource = 'environments.production.env.DATABASE_URL'
const single = (title: string, staging: Edit, where = STEP): Row => [
  title,
  prodDb,
  staging,
  'prod-db',
  dbSource,
  where
]

describe('checkBoundary refuses every spelling of a production host', () => {
  it.each<Row>([
    [
      'a percent-encoded host',
      prodUrl('https://www.acme-shop.test'),
      stagingUrl('https://www%2Eacme-shop%2Etest/'),
      'www.acme-shop.test',
      URL_SOURCE,
      STAGING_URL
    ],
    [
      'a percent-encoded host in a step',
      prodUrl('https://www.acme-shop.test'),
      step('curl -fsS https://%77ww.acme-shop%2etest/healthz'),
      'www.acme-shop.test',
      URL_SOURCE,
      STEP
    ],
    ip('a decimal IPv4 address', stagingEnv('http://167772163/')),
    [
      'the decimal address from the report (10.1.2.3)',
      prodEnv('CACHE_URL', 'redis://10.1.2.3:6379'),
      stagingEnv('http://167838211/'),
      '10.1.2.3',
      cacheSource,
      TARGET
    ],
    ip('a hex IPv4 address', stagingEnv('http://0xA000003/')),
    ip('an octal IPv4 address', stagingEnv('http://012.0.0.03/')),
    ip('a short IPv4 address', stagingEnv('http://10.3/')),
    ip('a mixed-notation IPv4 address', stagingEnv('http://0xa.0.3/')),
    ip('a bare decimal address in a step', step('psql -h 167772163'), STEP),
    ip('a bare hex address in a step', step('redis-cli -h 0xA000003'), STEP),
    ip('an IPv4-mapped IPv6 address', stagingEnv('http://[::ffff:10.0.0.3]/')),
    ip('a compressed mapped address', stagingEnv('http://[::ffff:a00:3]:6379')),
    [
      'production written in hex, staging dotted',
      prodEnv('CACHE_HOST', '0xA000003'),
      stagingEnv('10.0.0.3'),
      '10.0.0.3',
      'environments.production.env.CACHE_HOST',
      TARGET
    ],
    loop('localhost for 127.0.0.1', stagingUrl('http://localhost:4302')),
    loop('LOCALHOST. (case, dot)', stagingUrl('http://LOCALHOST.:4302')),
    loop('a name under .localhost', stagingUrl('http://app.localhost:4302')),
    loop('another 127/8 address', stagingUrl('http://127.0.0.2:4302')),
    loop('0.0.0.0', stagingUrl('http://0.0.0.0:4302')),
    loop('[::1]', stagingUrl('http://[::1]:4302')),
    loop('[0:0:0:0:0:0:0:1]', stagingUrl('http://[0:0:0:0:0:0:0:1]:4302')),
    loop('[::ffff:127.0.0.1]', stagingUrl('http://[::ffff:127.0.0.1]:4302')),
    loop('[::]', stagingUrl('http://[::]:4302')),
    loop('decimal loopback', stagingUrl('http://2130706433:4302')),
    loop('short hex loopback', stagingUrl('http://0x7f.1:4302')),
    loop('a bare host:port in a step', step('curl localhost:4302/x'), STEP),
    loop('0:port in a step', step('curl -fsS 0:4302/healthz'), STEP),
    [
      'the postgres default port',
      prodEnv('DATABASE_URL', 'postgres://localhost/shop'),
      stagingEnv('postgresql://shop:pw@127.0.0.1:5432/shop_staging'),
      'loopback:5432',
      'environments.production.env.DATABASE_URL',
      TARGET
    ],
    [
      'the https default port',
      prodUrl('https://localhost'),
      stagingEnv('https://[::1]:443/'),
      'loopback:443',
      URL_SOURCE,
      TARGET
    ],
    [
      'the http default port',
      prodUrl('http://127.0.0.1'),
      stagingEnv('http://localhost:80/'),
      'loopback:80',
      URL_SOURCE,
      TARGET
    ],
    [
      'the mysql and mariadb default port',
      prodEnv('DATABASE_URL', 'mysql://localhost/shop'),
      stagingEnv('mariadb://[::1]:3306/shop'),
      'loopback:3306',
      'environments.production.env.DATABASE_URL',
      TARGET
    ],
    [
      'the redis default port',
      prodEnv('REDIS_URL', 'redis://127.0.0.1:6379'),
      stagingEnv('redis://localhost/1'),
      'loopback:6379',
      'environments.production.env.REDIS_URL',
      TARGET
    ],
    [
      'punycode for a Unicode host',
      prodUrl('https://bücher.example'),
      stagingEnv('https://xn--bcher-kva.example/'),
      'xn--bcher-kva.example',
      URL_SOURCE,
      TARGET
    ],
    [
      'a Unicode host, upper case, trailing dot, for punycode',
      prodUrl('https://xn--bcher-kva.example'),
      stagingEnv('https://BÜCHER.example./'),
      'xn--bcher-kva.example',
      URL_SOURCE,
      TARGET
    ],
    [
      'ideographic dots in a step',
      prodUrl('https://bücher.example'),
      step('curl https://bücher\u3002example/'),
      'xn--bcher-kva.example',
      URL_SOURCE,
      STEP
    ],
    [
      'upper case and a trailing dot, bare',
      prodEnv('API_URL', 'https://API.Example.COM'),
      stagingEnv('api.example.com.'),
      'api.example.com',
      'environments.production.env.API_URL',
      TARGET
    ],
    single(
      'a single-label host in a URL',
      stagingEnv('postgres://u:pw@prod-db/x'),
      TARGET
    ),
    single(
      'a single-label host, bare',
      stagingEnv('prod-db', 'DB_HOST'),
      'environments.staging.env.DB_HOST'
    ),
    single(
      'a single-label host in a step',
      step('psql -h prod-db -c "select 1"')
    ),
    single('a glued short option', step('psql -hprod-db')),
    single('a long option, upper case', step('pg_dump --host=PROD-DB')),
    single('shell quotes inside the word', step('psql -h "prod"-db')),
    single('a backslash inside the word', step('psql -h pr\\od-db')),
    single('scp host:path', step('scp dump.sql deploy@prod-db:/srv/')),
    [
      'a single-label host named by a host variable',
      prodEnv('DB_HOST', 'prod-db'),
      step('nc -z prod-db 5432'),
      'prod-db',
      'environments.production.env.DB_HOST',
      STEP
    ],
    [
      'a file-extension TLD (.pl)',
      prodEnv('DB_HOST', 'db.acme.pl'),
      step('mysql -h db.acme.pl shop'),
      'db.acme.pl',
      'environments.production.env.DB_HOST',
      STEP
    ],
    [
      'a file-extension TLD (.sh) in a URL',
      prodEnv('API_URL', 'https://api.acme.sh/v1'),
      stagingEnv('api.acme.sh'),
      'api.acme.sh',
      'environments.production.env.API_URL',
      TARGET
    ],
    [
      'a file-extension TLD from a database URL',
      prodEnv('DATABASE_URL', 'postgres://u:pw@db.acme.pl/shop'),
      stagingEnv('db.acme.pl', 'DB_HOST'),
      'db.acme.pl',
      'environments.production.env.DATABASE_URL',
      'environments.staging.env.DB_HOST'
    ]
  ])('%s', (_title, prod, staging, host, productionSource, where) => {
    const found = violations((plan, files) => {
      prod(plan, files)
      staging(plan, files)
    })
    expect(found).toEqual([{ where, host, productionSource }])
  })
})
