import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isConfigurationError } from '@rehearse/core'
import { loadPlan } from '@rehearse/engine'
import { readDataConfig } from '../src/config/read-data-config.js'
import { policyHash } from '../src/receipt/policy-hash.js'

const dirs: string[] = []
afterAll(() =>
  dirs.forEach(dir => rmSync(dir, { recursive: true, force: true }))
)

function load(data: string, migrations = '') {
  const workspace = mkdtempSync(join(tmpdir(), 'rehearse-data-config-'))
  dirs.push(workspace)
  mkdirSync(join(workspace, '.github'))
  writeFileSync(
    join(workspace, '.github', 'rehearse.yml'),
    `version: 1\ndeploy:\n  - run: echo\nenvironments:\n  staging: {}\n${migrations}${data}`
  )
  const plan = loadPlan({
    workspace,
    file: '.github/rehearse.yml',
    environment: 'staging'
  })
  return readDataConfig(plan, workspace)
}

function loadError(data: string): string {
  try {
    load(data)
  } catch (error) {
    if (isConfigurationError(error)) return error.message
    throw error
  }
  throw new Error('expected the plan to be refused')
}

describe('the data: section of the plan', () => {
  it('reads every rule form, YAML null included, with defaults', () => {
    const config = load(`data:
  source-url-env: REPLICA_URL
  tables:
    users:
      subset: { percent: 10 }
      columns:
        email: fake
        name: { fake: name }
        phone: hash
        notes: null
        plan: keep
        country: { constant: XX }
        flags: { constant: null }
    orders: { follow: false, rows: 1000 }
`)
    expect(config).toMatchObject({
      sourceUrlEnv: 'REPLICA_URL',
      targetUrlEnv: 'DATABASE_URL',
      keyEnv: 'REHEARSE_DATA_KEY',
      seed: 'rehearse',
      historyTable: 'rehearse_migrations',
      gate: undefined
    })
    expect(config?.tables.users).toEqual({
      subset: { percent: 10 },
      follow: true,
      rows: undefined,
      columns: {
        email: { kind: 'fake', fake: 'auto' },
        name: { kind: 'fake', fake: 'name' },
        phone: { kind: 'hash' },
        notes: { kind: 'null' },
        plan: { kind: 'keep' },
        country: { kind: 'constant', value: 'XX' },
        flags: { kind: 'constant', value: null }
      }
    })
    expect(config?.tables.orders).toMatchObject({ follow: false, rows: 1000 })
  })

  it('takes the target variable and history table from the migrations section', () => {
    const config = load(
      'data:\n  source-url-env: R\n  gate: { max-age-days: 3 }\n',
      'migrations: { tool: command, up: ./up.sh, database-url-env: APP_DB, history-table: schema_history }\n'
    )
    expect(config).toMatchObject({
      targetUrlEnv: 'APP_DB',
      historyTable: 'schema_history',
      gate: { maxAgeDays: 3, requireRules: false }
    })
  })

  it('is undefined without a data: section', () => {
    expect(load('')).toBeUndefined()
  })

  it.each([
    [
      'an unknown rule',
      'data:\n  source-url-env: R\n  tables:\n    users:\n      columns: { email: scramble }\n'
    ],
    [
      'an unknown fake kind',
      'data:\n  source-url-env: R\n  tables:\n    users:\n      columns: { email: { fake: passport } }\n'
    ],
    [
      'a percent over 100',
      'data:\n  source-url-env: R\n  tables:\n    users: { subset: { percent: 120 } }\n'
    ],
    ['no source variable', 'data:\n  tables: {}\n']
  ])('refuses %s at load time', (_what, data) => {
    expect(loadError(data)).toContain('data')
  })

  it('hashes the policy regardless of key order, and changes with a rule', () => {
    const a = load(
      'data:\n  source-url-env: R\n  tables:\n    t: { columns: { a: keep, b: hash } }\n'
    )
    const b = load(
      'data:\n  source-url-env: R\n  tables:\n    t: { columns: { b: hash, a: keep } }\n'
    )
    const c = load(
      'data:\n  source-url-env: R\n  tables:\n    t: { columns: { b: fake, a: keep } }\n'
    )
    if (!a || !b || !c) throw new Error('no config')
    expect(policyHash(a)).toBe(policyHash(b))
    expect(policyHash(a)).not.toBe(policyHash(c))
  })
})
