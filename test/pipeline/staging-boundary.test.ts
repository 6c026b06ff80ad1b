import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  cliReason,
  localFile,
  localLocks,
  runCli,
  schemaObjects,
  writesSince
} from './probes.js'
import { pipelinePlan, startWorld } from './world.js'
import type { World } from './world.js'

// A staging run pointed at production — its database through a different
// spelling of production's host:port, or its URL — must be refused by
// preflight before anything happens: no schema object, no deployment, no
// status, no lock, no step, no request. One world serves every case: a
// refusal that changes nothing leaves it as it was for the next one.

let w: World<'production'>
// The production database's name, reached by other spellings of its host.
let name: string

beforeAll(async () => {
  w = await startWorld(['production'], (urls, db) => ({
    // Production's database URL is a secret: the plan declares its host.
    '.github/rehearse.yml': pipelinePlan(urls, {
      hosts: "['127.0.0.1:5432']"
    }),
    // Production's database URL is in its env.
    '.github/rehearse-env.yml': pipelinePlan(urls, {
      env: `{ DATABASE_URL: '${db.production.url}' }`
    }),
    // Staging's own URL is production's, spelled localhost.
    '.github/rehearse-url.yml': pipelinePlan({
      ...urls,
      staging: `http://localhost:${new URL(urls.production).port}`
    })
  }))
  name = new URL(w.db.production.url).pathname.slice(1)
})

afterAll(async () => {
  if (!w) return
  expect(w.p.gh.violations).toEqual([])
  await w.close()
})

const HOSTS = '.github/rehearse.yml'
const ENV = '.github/rehearse-env.yml'
const STAGING_URL = '.github/rehearse-url.yml'

// How each case points staging at production. Loopback is one host: only
// the port (here postgresql's default 5432) tells databases apart.
const viaPort = () => `postgres://postgres@localhost:5432/${name}`
const viaDefaultPort = () => `postgresql://postgres@localhost/${name}`
const productionUrl = () => `http://localhost:${w.production.port}/`

interface Case {
  readonly config: string
  readonly inputs?: () => Record<string, string>
  readonly env?: () => Record<string, string>
  /** The place the refusal names (a pattern), and the production host. */
  readonly where: string
  readonly host: () => string
}

const DATABASE_INPUT = {
  where: 'the database URL \\(input "database-url"\\)',
  host: () => 'loopback:5432'
}
const DATABASE_ENV = {
  where: "the database URL \\(DATABASE_URL in the job's env\\)",
  host: () => 'loopback:5432'
}
const URL_INPUT = {
  where: 'the "url" input',
  host: () => `loopback:${w.production.port}`
}

const ACTIONS: [string, string, Case][] = [
  [
    'deploy-to-staging',
    'database-url input at production hosts:',
    {
      config: HOSTS,
      inputs: () => ({ 'database-url': viaPort() }),
      ...DATABASE_INPUT
    }
  ],
  [
    'deploy-to-staging',
    "DATABASE_URL in the job env at production's env",
    {
      config: ENV,
      env: () => ({ DATABASE_URL: viaDefaultPort() }),
      ...DATABASE_ENV
    }
  ],
  [
    'deploy-to-staging',
    "url input at production's URL",
    { config: HOSTS, inputs: () => ({ url: productionUrl() }), ...URL_INPUT }
  ],
  [
    'run-migrations',
    'database-url input at production hosts:',
    {
      config: HOSTS,
      inputs: () => ({ 'database-url': viaDefaultPort() }),
      ...DATABASE_INPUT
    }
  ],
  [
    'run-migrations',
    "DATABASE_URL in the job env at production's env",
    { config: ENV, env: () => ({ DATABASE_URL: viaPort() }), ...DATABASE_ENV }
  ],
  [
    'smoke-test',
    "url input at production's URL",
    { config: HOSTS, inputs: () => ({ url: productionUrl() }), ...URL_INPUT }
  ]
]

const CLI: [string, Case][] = [
  [
    'DATABASE_URL at production hosts:',
    { config: HOSTS, env: () => ({ DATABASE_URL: viaPort() }), ...DATABASE_ENV }
  ],
  [
    "DATABASE_URL at production's env",
    {
      config: ENV,
      env: () => ({ DATABASE_URL: viaDefaultPort() }),
      ...DATABASE_ENV
    }
  ],
  [
    "the plan's staging url at production's URL",
    {
      config: STAGING_URL,
      where: 'environments\\.staging\\.url',
      host: () => `loopback:${w.production.port}`
    }
  ]
]

/**
 * The one line a refusal must print, between the entry point's prefix and
 * suffix: the place, the production host and where production names it.
 */
function refusalLine(c: Case, prefix: string, suffix = ''): RegExp {
  const literal = (text: string) => text.replace(/[[\]().]/g, '\\$&')
  return new RegExp(
    `^${literal(prefix)}\\.github/rehearse(-env|-url)?\\.yml: ${c.where} mentions production host "${c.host()}" \\(from environments\\.production\\.[\\w.[\\]]+\\); a staging run must not reach production\\. [^\\n]*${literal(suffix)}$`
  )
}

/** What must not have happened, whatever the entry point. */
async function expectNothingChanged(from: { requests: number }) {
  expect(await schemaObjects(w.db.production)).toEqual([])
  expect(w.deployed('staging')).toBe(false)
  expect(w.deployed('production')).toBe(false)
  expect(w.production.requests).toEqual([])
  expect(w.staging.requests).toEqual([])
  expect(writesSince(w.p.gh, from.requests)).toEqual([])
}

describe('a staging run pointed at production changes nothing', () => {
  it.each(ACTIONS)('%s, %s', async (action, _name, c) => {
    const from = { requests: w.p.gh.requests.length }
    const result = await w.p.run(
      action,
      { config: c.config, ...c.inputs?.() },
      { env: c.env?.() }
    )
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs.reason).toBe('boundary_violation')
    expect(result.log).not.toMatch(/\n\s+at /)
    expect(result.post?.exitCode).toBe(0)
    await expectNothingChanged(from)
    // Last, as it is the least grave: one error, one line.
    const errors = result.annotations.filter(a => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(refusalLine(c, `${action}: `))
  })

  it.each(CLI)('rehearse run --env staging, %s', async (_name, c) => {
    const from = { requests: w.p.gh.requests.length }
    const ledger = localFile(w.dir, 'ledger.json')
    const result = await runCli(
      ['run', '--env', 'staging', '--config', c.config],
      w.dir,
      c.env?.()
    )
    expect(result.code).toBe(1)
    expect(cliReason(result.stderr)).toBe('boundary_violation')
    expect(localFile(w.dir, 'ledger.json')).toBe(ledger)
    expect(localLocks(w.dir)).toEqual({})
    // Not even the embedded database staging would fall back to.
    expect(existsSync(join(w.dir, '.rehearse', 'pglite'))).toBe(false)
    await expectNothingChanged(from)
    // Last, as it is the least grave: one line.
    expect(result.stderr).toMatch(
      refusalLine(c, 'rehearse: ', ' [boundary_violation]\n')
    )
  })
})
