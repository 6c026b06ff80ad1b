import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { findNode24 } from '@rehearse/bench'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { startMigrations, statuses } from './migration-fixture.js'

let p: Pipeline
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
})

describe('run-migrations on the embedded PGlite database', () => {
  it('migrates .rehearse/pglite/<environment> without a database URL, rehearses rollback, and keeps it between runs', async () => {
    p = await startMigrations(
      {
        'V1__accounts.sql': 'create table accounts (id int primary key);\n',
        'U1__accounts.sql': 'drop table accounts;\n',
        'V2__name.sql': 'alter table accounts add column name text;\n',
        'U2__name.sql': 'alter table accounts drop column name;\n'
      },
      '  checks:\n    - { name: accounts exist, sql: "select count(*) = 0 from accounts" }\n'
    )
    const first = await p.run('run-migrations')
    expect(first.main.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({ applied: '2', pending: '0' })
    expect(first.summary).toContain('embedded PostgreSQL 18')
    expect(first.summary).toContain('.rehearse/pglite/staging')
    // In a workflow the embedded database dies with the job: said once.
    expect(
      first.annotations.filter(a => a.level === 'warning').map(a => a.message)
    ).toEqual([
      'no database URL for staging: migrating an embedded PGlite database (.rehearse/pglite/staging) that only this job sees. Pass the "database-url" input (from a secret) to migrate staging\'s own database.'
    ])
    expect(first.summary).toMatch(/\| up again \| 2 \| \d+ ms \| ✅ \|/)
    expect(first.summary).toContain('| accounts exist | ✅ | returned true |')
    expect(existsSync(join(p.repo.dir, '.rehearse', 'pglite', 'staging'))).toBe(
      true
    )

    // The same data directory, reopened by the bundle on Node 24 (GitHub's runtime).
    const again = await p.run('run-migrations', {}, { node: findNode24() })
    expect(again.main.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({ applied: '0', pending: '0' })
    expect(statuses(p)).toEqual(['pending', 'success', 'pending', 'success'])
  })

  it('refuses to fall back to the embedded database in production', async () => {
    p = await startMigrations({
      'V1__accounts.sql': 'create table accounts (id int);\n'
    })
    const result = await p.run('run-migrations', { environment: 'production' })
    expect(result.outputs.reason).toBe('database_url_missing')
    expect(result.log).toContain(
      'production never falls back to the embedded database'
    )
  })
})
