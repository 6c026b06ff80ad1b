import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { createMariaDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import {
  checksum,
  inDir,
  startMigrations,
  statuses
} from './migration-fixture.js'

const V1 =
  'create table accounts (id int primary key, email varchar(200) not null);\n'
const V2 = 'alter table accounts add column name varchar(100);\n'

let db: TestDatabase
let p: Pipeline
beforeEach(async () => {
  db = await createMariaDatabase()
})
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await db.drop()
})

const migrate = () => p.run('run-migrations', { 'database-url': db.url })
const history = () =>
  db.query<{ version: string; checksum: string; status: string }>(
    'select version, checksum, status from rehearse_migrations order by version'
  )

describe('run-migrations on MariaDB', () => {
  it('applies pending migrations with history and checksums, re-runs as a no-op, and applies a new one', async () => {
    p = await startMigrations({ 'V1__accounts.sql': V1 })
    const first = await migrate()
    expect(first.outputs).toMatchObject({ applied: '1', pending: '0' })
    expect(first.summary).toContain('MariaDB')
    expect(await migrate()).toMatchObject({
      outputs: { applied: '0', pending: '0' }
    })
    await p.commit(inDir({ 'V2__name.sql': V2 }), 'add V2')
    const third = await migrate()
    expect(third.outputs).toMatchObject({ applied: '1', pending: '0' })
    expect(third.summary).toContain('- column accounts.name added')
    expect(await history()).toEqual([
      { version: '1', checksum: checksum(V1), status: 'success' },
      { version: '2', checksum: checksum(V2), status: 'success' }
    ])
  })

  it('records a failing migration as failed with its statement, and refuses the next run with instructions', async () => {
    const broken =
      'create table audit (id int);\n-- the next statement fails\ninsert into missing_table values (1);\n'
    p = await startMigrations({
      'V1__accounts.sql': V1,
      'V2__audit.sql': broken
    })
    const failed = await migrate()
    expect(failed.main.outcome).toBe('failure')
    expect(failed.summary).toContain('`db/migrations/V2__audit.sql:3`')
    expect(failed.summary).toContain("Table '")
    const rows = await db.query<{ status: string; error: string }>(
      "select status, error from rehearse_migrations where version = '2'"
    )
    expect(rows[0]?.status).toBe('failed')
    expect(rows[0]?.error).toContain('insert into missing_table values (1)')
    // MySQL committed the CREATE TABLE before the failure: that is why it blocks.
    expect(await db.query("show tables like 'audit'")).toHaveLength(1)

    await p.commit(
      inDir({ 'V3__more.sql': 'create table more (id int);\n' }),
      'add V3'
    )
    const refused = await migrate()
    expect(refused.outputs.reason).toBe('migration_failed_earlier')
    expect(refused.log).toContain('V2 (audit) failed at')
    expect(refused.log).toContain(
      "DELETE FROM rehearse_migrations WHERE version = '2';"
    )
    expect(refused.log).toContain(
      "UPDATE rehearse_migrations SET status = 'success' WHERE version = '2';"
    )
    expect(await db.query("show tables like 'more'")).toHaveLength(0)
    expect(statuses(p).slice(-1)).toEqual(['failure'])

    // Resolved as the message says: undo, forget the row, fix the file.
    await db.query('drop table audit')
    await db.query("delete from rehearse_migrations where version = '2'")
    await p.commit(
      inDir({ 'V2__audit.sql': 'create table audit (id int);\n' }),
      'fix V2'
    )
    expect((await migrate()).outputs).toMatchObject({
      applied: '2',
      pending: '0'
    })
  })
})
