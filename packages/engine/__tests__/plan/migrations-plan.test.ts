import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { loadPlan } from '../../src/plan/load-plan.js'
import { makeWorkspace, PLAN } from './plan-fixture.js'

const base = (migrations: string): string =>
  `version: 1\ndeploy:\n  - run: echo deploy\nenvironments:\n  staging: {}\nmigrations:\n${migrations}`

function errorOf(text: string): string {
  try {
    loadPlan({
      workspace: makeWorkspace({ [PLAN]: text }),
      file: PLAN,
      environment: 'staging'
    })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return (error as Error).message
  }
  throw new Error('the plan was accepted')
}

describe('the migrations section of the plan', () => {
  it('accepts every run-migrations key', () => {
    const plan = loadPlan({
      workspace: makeWorkspace({
        [PLAN]: base(`  tool: sql
  dir: db/migrations
  database-url-env: APP_DATABASE_URL
  history-table: schema_history
  down-naming: down-suffix
  lock-timeout-seconds: 2.5
  lock-retries: 0
  statement-timeout-seconds: 0
  wait-seconds: 60
  lint: { drop-column: error, rename: off, index-not-concurrent: warning }
  checks:
    - { name: no orphans, sql: "select count(*) = 0 from orders where customer_id is null" }
`)
      }),
      file: PLAN,
      environment: 'staging'
    })
    expect(plan.migrations).toMatchObject({
      'history-table': 'schema_history',
      lint: { rename: 'off' }
    })
  })

  it.each([
    [
      'tool sql without a dir',
      '  tool: sql\n',
      `${PLAN}:6: migrations: missing required key "dir"`
    ],
    [
      'tool command without up',
      '  tool: command\n  down: npx knex migrate:rollback\n',
      `${PLAN}:6: migrations: missing required key "up"`
    ],
    [
      'an unknown lint rule',
      '  tool: sql\n  dir: db\n  lint: { drop-colum: error }\n',
      'migrations.lint.drop-colum: unknown key "drop-colum" (known: index-not-concurrent, concurrently-in-transaction, not-null-without-default, drop-column, drop-table, rename)'
    ],
    [
      'an unknown lint level',
      '  tool: sql\n  dir: db\n  lint: { rename: fatal }\n',
      'migrations.lint.rename: must be one of error, warning, off, got string "fatal"'
    ],
    [
      'a zero lock timeout',
      '  tool: sql\n  dir: db\n  lock-timeout-seconds: 0\n',
      'migrations.lock-timeout-seconds: must be > 0'
    ],
    [
      'fractional lock retries',
      '  tool: sql\n  dir: db\n  lock-retries: 1.5\n',
      'migrations.lock-retries: must be a whole number, got number 1.5'
    ],
    [
      'a history table that is not a plain name',
      '  tool: sql\n  dir: db\n  history-table: "public.history; drop"\n',
      'migrations.history-table: string "public.history; drop" is not a valid name'
    ],
    [
      'an unknown down naming',
      '  tool: sql\n  dir: db\n  down-naming: undo\n',
      'migrations.down-naming: must be one of auto, undo-prefix, down-suffix, got string "undo"'
    ],
    [
      'a check without sql',
      '  tool: sql\n  dir: db\n  checks:\n    - name: rows\n',
      'migrations.checks[0]: missing required key "sql"'
    ],
    [
      'an unknown key in a check',
      '  tool: sql\n  dir: db\n  checks:\n    - { name: rows, sql: select true, expect: 1 }\n',
      'migrations.checks[0].expect: unknown key "expect"'
    ]
  ])('refuses %s', (_name, migrations, message) => {
    expect(errorOf(base(migrations))).toContain(message)
  })
})
