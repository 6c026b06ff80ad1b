import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { createPostgresDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import {
  checksum,
  inDir,
  startMigrations,
  statuses
} from './migration-fixture.js'

const V1 = 'create table accounts (id int primary key, email text not null);\n'
const V2 =
  'alter table accounts add column name text;\ncreate table orders (id int primary key, account_id int references accounts);\n'

let db: TestDatabase
let p: Pipeline
beforeEach(async () => {
  db = await createPostgresDatabase()
})
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await db.drop()
})

const migrate = (inputs: Record<string, string> = {}) =>
  p.run('run-migrations', { 'database-url': db.url, ...inputs })

const history = () =>
  db.query<{
    version: string
    checksum: string
    status: string
    duration_ms: number
    applied_by: string
  }>(
    'select version, checksum, status, duration_ms, applied_by from rehearse_migrations order by version'
  )
const tableExists = async (name: string) =>
  (
    await db.query<{ found: boolean }>(
      'select to_regclass($1) is not null as found',
      [name]
    )
  )[0]?.found

describe('run-migrations on PostgreSQL', () => {
  it('applies pending migrations with history and checksums, re-runs as a no-op, and applies a new one', async () => {
    p = await startMigrations({ 'V1__accounts.sql': V1, 'V2__orders.sql': V2 })
    const first = await migrate()
    expect(first.main.exitCode).toBe(0)
    expect(first.outputs).toEqual({
      applied: '2',
      pending: '0',
      'duration-ms': expect.stringMatching(/^\d+$/),
      reason: ''
    })
    expect(await history()).toEqual([
      {
        version: '1',
        checksum: checksum(V1),
        status: 'success',
        duration_ms: expect.any(Number),
        applied_by: expect.stringContaining(p.sha.slice(0, 12))
      },
      {
        version: '2',
        checksum: checksum(V2),
        status: 'success',
        duration_ms: expect.any(Number),
        applied_by: expect.stringContaining(p.sha.slice(0, 12))
      }
    ])
    expect(statuses(p)).toEqual(['pending', 'success'])
    expect(first.summary).toContain('| 2 | `db/migrations/V2__orders.sql` |')
    expect(first.summary).toContain('- table accounts added (email, id, name)')
    expect(first.summary).toContain('- table orders added (account_id, id)')
    const report = p.gh.state.checkRuns.find(
      r => r.name === 'rehearse/staging/migrations report'
    )
    expect(JSON.parse(report?.output.text ?? '{}')).toMatchObject({
      status: 'success',
      applied: ['1', '2'],
      migrations: [
        ['1', checksum(V1).slice(0, 16)],
        ['2', checksum(V2).slice(0, 16)]
      ]
    })

    const again = await migrate()
    expect(again.outputs).toMatchObject({ applied: '0', pending: '0' })
    expect(again.summary).toContain('no pending migrations')

    await p.commit(
      inDir({
        'V3__index.sql': 'create index accounts_email on accounts (email);\n'
      }),
      'add V3'
    )
    const third = await migrate()
    expect(third.outputs).toMatchObject({ applied: '1', pending: '0' })
    expect((await history()).map(r => r.version)).toEqual(['1', '2', '3'])
    // The index on an existing table is reported with file and line.
    expect(third.summary).toContain('`index-not-concurrent`')
    expect(third.summary).toContain('`db/migrations/V3__index.sql:1`')
  })

  it('leaves no trace of a failing migration and shows the failing statement', async () => {
    p = await startMigrations({
      'V1__accounts.sql': V1,
      'V2__broken.sql':
        'create table audit (id int);\n\ninsert into missing_table values (1);\n'
    })
    const result = await migrate()
    expect(result.main.outcome).toBe('failure')
    expect(result.outputs).toMatchObject({
      applied: '1',
      pending: '1',
      reason: 'migration_failed'
    })
    expect(await tableExists('audit')).toBe(false)
    expect((await history()).map(r => r.version)).toEqual(['1'])
    expect(result.summary).toContain('`db/migrations/V2__broken.sql:3`')
    expect(result.summary).toContain('insert into missing_table values (1)')
    expect(result.summary).toContain('relation "missing_table" does not exist')
    expect(statuses(p)).toEqual(['pending', 'failure'])
    expect(result.annotations.map(a => a.message)).toContainEqual(
      expect.stringContaining(
        'run-migrations: migrations in staging failed in the migrations stage: V2 failed'
      )
    )
  })

  it('stops before anything runs when an applied migration was edited', async () => {
    p = await startMigrations({ 'V1__accounts.sql': V1 })
    await migrate()
    await p.commit(
      inDir({
        'V1__accounts.sql': V1.replace('email', 'mail'),
        'V2__orders.sql': V2
      }),
      'edit V1, add V2'
    )
    const result = await migrate()
    expect(result.main.outcome).toBe('failure')
    expect(result.log).toContain(
      'db/migrations/V1__accounts.sql was edited after it was applied'
    )
    expect(result.outputs.reason).toBe('checksum_mismatch')
    expect(await tableExists('orders')).toBe(false)
    expect((await history()).map(r => r.version)).toEqual(['1'])
    expect(statuses(p)).toEqual(['pending', 'success', 'pending', 'failure'])
  })

  it('fails fast on lock_timeout when another session holds the table, then succeeds once it is free', async () => {
    p = await startMigrations(
      { 'V1__accounts.sql': V1 },
      '  lock-timeout-seconds: 1\n  lock-retries: 1\n'
    )
    await migrate()
    const holder = await db.session()
    await holder.query('begin')
    await holder.query('select * from accounts')
    await p.commit(inDir({ 'V2__orders.sql': V2 }), 'add V2')
    const started = Date.now()
    const blocked = await migrate()
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(blocked.main.outcome).toBe('failure')
    expect(blocked.log).toContain('retrying in')
    expect(blocked.summary).toContain('canceling statement due to lock timeout')
    expect(blocked.summary).toContain('lock-timeout')
    expect(await tableExists('orders')).toBe(false)
    await holder.query('rollback')
    const freed = await migrate()
    expect(freed.outputs).toMatchObject({ applied: '1', pending: '0' })
  })

  it('changes nothing in a dry run, but reports what would change and how long it took', async () => {
    p = await startMigrations({ 'V1__accounts.sql': V1, 'V2__orders.sql': V2 })
    const result = await migrate({ 'dry-run': 'true' })
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ applied: '0', pending: '2' })
    expect(result.summary).toContain('Schema changes (rolled back)')
    expect(result.summary).toContain('- table accounts added (email, id, name)')
    expect(result.summary).toMatch(
      /\| 2 \| `db\/migrations\/V2__orders.sql` \| \d+ ms \|/
    )
    expect(await tableExists('accounts')).toBe(false)
    expect(await tableExists('rehearse_migrations')).toBe(false)
    expect(statuses(p)).toEqual([])
    expect(p.gh.state.checkRuns).toEqual([])
  })

  it('rehearses rollback and catches a down migration that does not restore the schema', async () => {
    p = await startMigrations({
      'V1__accounts.sql': V1,
      'U1__accounts.sql': 'drop table accounts;\n',
      'V2__audit.sql':
        'alter table accounts add column name text;\ncreate table audit (id int);\n',
      'U2__audit.sql': 'alter table accounts drop column name;\n'
    })
    const result = await migrate()
    expect(result.main.outcome).toBe('failure')
    expect(result.summary).toContain('#### Rollback rehearsal')
    expect(result.summary).toMatch(/\| up \| 2 \| \d+ ms \| ✅ \|/)
    expect(result.summary).toMatch(
      /\| down \| 2 \| \d+ ms \| ❌ schema not restored \|/
    )
    expect(result.summary).toContain(
      'the down migrations did not restore the schema: after them, table audit added'
    )
    expect(statuses(p)).toEqual(['pending', 'failure'])
    // Stopped after the down leg: nothing is recorded as applied.
    expect(await history()).toEqual([])
  })

  it('rehearses rollback up, down and up again when the down migrations are right', async () => {
    p = await startMigrations({
      'V1__accounts.sql': V1,
      'U1__accounts.sql': 'drop table accounts;\n'
    })
    const result = await migrate()
    expect(result.outputs).toMatchObject({ applied: '1', pending: '0' })
    expect(result.summary).toMatch(/\| up again \| 1 \| \d+ ms \| ✅ \|/)
    expect((await history()).map(r => r.version)).toEqual(['1'])
    const skipped = await migrate({ 'rehearse-rollback': 'false' })
    expect(skipped.summary).toContain(
      'Rollback rehearsal: off (rehearse-rollback: false).'
    )
  })

  it('refuses production migrations until staging rehearsed this exact code', async () => {
    p = await startMigrations({ 'V1__accounts.sql': V1 })
    const production = await createPostgresDatabase()
    const rehearse = () =>
      p.run('deploy-to-staging', { 'database-url': db.url })
    const tables = async (name: string) =>
      (
        await production.query<{ n: number }>(
          `select count(*)::int as n from information_schema.tables where table_name = '${name}'`
        )
      )[0]?.n
    try {
      const toProduction = () =>
        p.run('run-migrations', {
          environment: 'production',
          'database-url': production.url
        })
      // run-migrations alone runs the full gate in production.
      expect((await toProduction()).outputs.reason).toBe('no_rehearsal')
      expect(await tables('accounts')).toBe(0)
      expect((await rehearse()).main.exitCode).toBe(0)
      expect((await toProduction()).outputs).toMatchObject({
        applied: '1',
        pending: '0'
      })

      await p.commit(inDir({ 'V2__orders.sql': V2 }), 'add V2')
      const refused = await toProduction()
      expect(refused.main.outcome).toBe('failure')
      expect(refused.outputs.reason).toBe('no_rehearsal')
      expect(statuses(p, 'production').slice(-1)).toEqual(['failure'])
      expect(await tables('orders')).toBe(0)

      expect((await rehearse()).main.exitCode).toBe(0)
      expect((await toProduction()).outputs).toMatchObject({
        applied: '1',
        pending: '0'
      })
    } finally {
      await production.drop()
    }
  })

  it('fails the step when an integrity check does not hold after migrating', async () => {
    p = await startMigrations(
      { 'V1__accounts.sql': `${V1}insert into accounts values (1, '');\n` },
      '  checks:\n    - { name: emails are set, sql: "select count(*) = 0 from accounts where email = \'\'" }\n'
    )
    const result = await migrate()
    expect(result.main.outcome).toBe('failure')
    expect(result.summary).toContain('| emails are set | ❌ | returned false |')
    expect(statuses(p)).toEqual(['pending', 'failure'])
  })

  it("wraps the team's own tool (tool: command) with the lock, timing, schema diff and rollback rehearsal", async () => {
    // A YAML single-quoted command line.
    const psql = (sql: string) =>
      `'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAtc "${sql}"'`.replace(
        /(?<=.)'(?=.)/g,
        "''"
      )
    p = await startPipeline({
      '.github/rehearse.yml': `version: 1
deploy:
  - run: ./deploy/apply.sh
environments:
  staging: {}
migrations:
  tool: command
  up: ${psql('create table if not exists widgets (id int)')}
  down: ${psql('drop table widgets')}
  status: ${psql("select 'widgets: ' || (to_regclass('widgets') is not null)")}
`
    })
    const first = await migrate()
    expect(first.main.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({ applied: '', pending: '' })
    expect(first.summary).toContain('- table widgets added (id)')
    expect(first.summary).toMatch(/\| up again \| 1 \| \d+ ms \| ✅ \|/)
    expect(first.summary).toContain('widgets: false')
    expect(first.summary).toContain('widgets: true')
    expect(await tableExists('widgets')).toBe(true)
    const second = await migrate()
    expect(second.summary).toContain(
      'up changed no schema, so down was not run'
    )
    expect(await tableExists('widgets')).toBe(true)
  })
})
