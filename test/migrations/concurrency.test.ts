import { afterEach, describe, expect, it } from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { createMariaDatabase, createPostgresDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import { startMigrations, statuses } from './migration-fixture.js'

let db: TestDatabase
let p: Pipeline
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await db.drop()
})

const RUNS = 10

async function migrateConcurrently(sleepSql: string) {
  p = await startMigrations({
    'V1__a.sql': `create table a (id int);\n${sleepSql};\n`,
    'V2__b.sql': `create table b (id int);\n${sleepSql};\n`,
    'V3__c.sql': `create table c (id int);\n${sleepSql};\n`
  })
  const results = await Promise.all(
    Array.from({ length: RUNS }, () =>
      p.run('run-migrations', { 'database-url': db.url }, { timeoutMs: 60_000 })
    )
  )
  expect(results.map(r => r.main.outcome)).toEqual(Array(RUNS).fill('success'))
  const applied = results.map(r => Number(r.outputs.applied))
  expect(applied.reduce((a, b) => a + b, 0)).toBe(3)
  // Runs that found the lock taken waited, then found nothing pending.
  expect(results.some(r => r.log.includes('waiting up to'))).toBe(true)
  const rows = await db.query<{ version: string }>(
    'select version from rehearse_migrations order by version'
  )
  expect(rows.map(r => r.version)).toEqual(['1', '2', '3'])
}

describe('concurrent and killed migrators', () => {
  it('applies each migration exactly once when ten runs start at once on PostgreSQL', async () => {
    db = await createPostgresDatabase()
    await migrateConcurrently('select pg_sleep(0.2)')
  })

  it('applies each migration exactly once when ten runs start at once on MariaDB', async () => {
    db = await createMariaDatabase()
    await migrateConcurrently('select sleep(0.2)')
  })

  it('leaves PostgreSQL consistent and unlocked when the migrator is killed mid-migration, and the next run succeeds', async () => {
    db = await createPostgresDatabase()
    p = await startMigrations({
      'V1__pause.sql':
        'create table pause (seconds int);\ninsert into pause values (30);\n',
      // Sleeps as long as the pause table says: 30 s now, 0 s on the rerun.
      'V2__slow.sql':
        'create table slow (id int);\nselect pg_sleep(coalesce((select seconds from pause), 0));\n'
    })
    const killed = await p.run(
      'run-migrations',
      { 'database-url': db.url },
      {
        cancel: { whenLine: /applying db\/migrations\/V2__slow\.sql/ },
        killGraceMs: { sigintMs: 0, sigtermMs: 0 }
      }
    )
    expect(killed.main.signal).toBe('SIGKILL')
    // Post ran and did not leave the status pending.
    expect(statuses(p)).toEqual(['pending', 'error'])
    const advisoryLocks = async () =>
      (
        await db.query<{ n: number }>(
          "select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())"
        )
      )[0]?.n
    for (let i = 0; i < 50 && (await advisoryLocks()) !== 0; i++)
      await sleep(100)
    expect(await advisoryLocks()).toBe(0)
    const slow = await db.query<{ found: boolean }>(
      "select to_regclass('slow') is not null as found"
    )
    expect(slow[0]?.found).toBe(false)
    const rows = await db.query<{ version: string }>(
      'select version from rehearse_migrations'
    )
    expect(rows.map(r => r.version)).toEqual(['1'])

    await db.query('delete from pause')
    const next = await p.run('run-migrations', { 'database-url': db.url })
    expect(next.outputs).toMatchObject({ applied: '1', pending: '0' })
  })

  it('rolls back the running migration when the job is cancelled, and marks the status as error', async () => {
    db = await createPostgresDatabase()
    p = await startMigrations({
      'V1__slow.sql': 'create table slow (id int);\nselect pg_sleep(30);\n'
    })
    const started = Date.now()
    const cancelled = await p.run(
      'run-migrations',
      { 'database-url': db.url },
      { cancel: { whenLine: /applying db\/migrations\/V1__slow\.sql/ } }
    )
    // Stopped on SIGINT by cancelling the statement, well before SIGTERM.
    expect(cancelled.main.signalsSent).toEqual(['SIGINT'])
    expect(Date.now() - started).toBeLessThan(20_000) // vs the 30 s statement
    expect(cancelled.log).toContain(
      'cancelling the running migration statement'
    )
    expect(statuses(p)).toEqual(['pending', 'error'])
    const slow = await db.query<{ found: boolean }>(
      "select to_regclass('slow') is not null as found"
    )
    expect(slow[0]?.found).toBe(false)
  })
})
