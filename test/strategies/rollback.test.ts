import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { RunActionResult } from '@rehearse/bench'
import {
  deploymentsOf,
  messages,
  short,
  since,
  stageStatus,
  startStack
} from './stack.js'
import type { Stack } from './stack.js'

// One production history for the file: release 1 is live, and every
// later release fails in production at another stage. Each environment
// has its own PostgreSQL database; the release's query runs on it.
let s: Stack
const sha: string[] = []
beforeAll(async () => {
  s = await startStack({
    kind: 'direct',
    rollback: true,
    migrations: true,
    production: ['rollback-max-seconds: 3'],
    files: {
      'db/migrations/V1__accounts.sql':
        'create table accounts (id int primary key, email text);\n',
      'app/query.sql': 'select id, email from accounts limit 1\n'
    }
  })
  sha[1] = s.p.sha
})
afterAll(async () => {
  expect(s.p.gh.violations).toEqual([])
  await s.close()
})

const deploy = (n: number) => `deploy ${sha[n]} shop-${sha[n]}`
const rollback = (from: number) =>
  `rollback ${sha[1]} shop-${sha[1]} from ${sha[from]}`

const emailNullable = async () =>
  (
    await s.dbs!.production.query<{ is_nullable: string }>(
      "select is_nullable from information_schema.columns where table_name = 'accounts' and column_name = 'email'"
    )
  )[0]?.is_nullable

/** Stages release n; its rehearsal rolls staging back to release 1. */
async function stage(n: number, files: Record<string, string> = {}) {
  sha[n] = await s.release(n, files)
  const before = (await s.steps('staging')).length
  expect((await s.stage()).main.exitCode).toBe(0)
  expect(since(await s.steps('staging'), before)).toEqual([
    deploy(n),
    rollback(n),
    deploy(n)
  ])
}

/** Promotes release n, which fails in `stage`; returns the result. */
async function promoteFailing(n: number, stage: string, steps: string[]) {
  const before = (await s.steps('production')).length
  const promoted = await s.promote()
  expect(promoted.main.exitCode).toBe(1)
  expect(stageStatus(s.p, sha[n]!, 'production', stage)?.state).toBe('failure')
  expect(since(await s.steps('production'), before)).toEqual(steps)
  return promoted
}

/** Production is back on release 1, and everything says so. */
function expectRolledBack(promoted: RunActionResult, n: number): void {
  const back = `Rolled back to ${short(sha[1]!)}`
  expect(promoted.outputs['rolled-back']).toBe('true')
  expect(promoted.summary).toContain(`### ↩️ Rolled back\n\n${back}`)
  expect(messages(promoted)).toContain(`(${back})`)
  expect(stageStatus(s.p, sha[n]!, 'production', 'rollback')).toMatchObject({
    state: 'success',
    description: back
  })
  expect(deploymentsOf(s.p, 'production')[0]).toMatchObject({
    sha: sha[1],
    state: 'success',
    description: `Serving again: ${short(sha[n]!)} was rolled back`
  })
}

describe('automatic rollback in production through promote-to-prod', () => {
  it('releases 1 to staging and production', async () => {
    expect((await s.stage()).main.exitCode).toBe(0)
    const promoted = await s.promote()
    expect(promoted.main.exitCode).toBe(0)
    expect(promoted.outputs['rolled-back']).toBe('false')
    expect(await s.steps('production')).toEqual([deploy(1)])
    expect(await s.sites.production.serving()).toBe(sha[1])
    // Production's data: an account without an email.
    await s.dbs!.production.query('insert into accounts values (1, null)')
  })

  it('rolls back when a migration fails on production data only', async () => {
    await stage(2, {
      'db/migrations/V2__email_required.sql':
        'alter table accounts alter column email set not null;\n'
    })
    const promoted = await promoteFailing(2, 'migrations', [rollback(2)])
    expect(promoted.outputs.reason).toBe('migration_failed')
    // The gate timed staging's rehearsal of this rollback.
    expect(promoted.summary).toMatch(
      /✅ \*\*staging rolled back within 3 s\*\* — it took \d+\.\d s/
    )
    expectRolledBack(promoted, 2)
    expect(await emailNullable()).toBe('YES')
    // The release never started: release 1's deployment is the only one.
    expect(deploymentsOf(s.p, 'production').map(d => d.sha)).toEqual([sha[1]])
    expect(await s.sites.production.serving()).toBe(sha[1])
  })

  it('rolls back when the deploy fails in production only', async () => {
    // The operator repairs the data and the failed migration's record.
    await s.dbs!.production.query(
      "update accounts set email = 'a@example.com' where email is null"
    )
    await s.dbs!.production.query(
      "delete from rehearse_migrations where version = '2'"
    )
    await s.setState('production', 'deploy-fails', 'registry unreachable\n')
    const promoted = await promoteFailing(2, 'deploy', [deploy(2), rollback(2)])
    expect(promoted.outputs.reason).toBe('deploy_failed')
    expect(stageStatus(s.p, sha[2]!, 'production', 'migrations')?.state).toBe(
      'success'
    )
    expect(await emailNullable()).toBe('NO')
    expectRolledBack(promoted, 2)
    expect(deploymentsOf(s.p, 'production')).toMatchObject([
      { sha: sha[1], state: 'success' },
      { sha: sha[2], state: 'failure' }
    ])
    // Release 1 runs on the schema release 2 migrated to.
    expect(await s.sites.production.serving()).toBe(sha[1])
  })

  it('rolls back to the last good release when the smoke test fails in production', async () => {
    await s.setState('production', 'deploy-fails', undefined)
    await stage(3)
    s.sites.production.crashing.add(sha[3]!)
    const promoted = await promoteFailing(3, 'smoke', [deploy(3), rollback(3)])
    expect(promoted.outputs.reason).toBe('smoke_failed')
    expectRolledBack(promoted, 3)
    // Back to release 1, not to release 2 whose deploy failed.
    expect(deploymentsOf(s.p, 'production')).toMatchObject([
      { sha: sha[1], state: 'success' },
      { sha: sha[2], state: 'failure' },
      { sha: sha[3], state: 'failure' }
    ])
    expect(await s.sites.production.serving()).toBe(sha[1])
  })

  it('rolls nothing back with auto-rollback: false, and says why', async () => {
    const plan = s.plan.replace(
      'rollback-max-seconds: 3',
      'rollback-max-seconds: 3\n    auto-rollback: false'
    )
    expect(plan).not.toBe(s.plan)
    await stage(4, { '.github/rehearse.yml': plan })
    s.sites.production.crashing.add(sha[4]!)
    const promoted = await promoteFailing(4, 'smoke', [deploy(4)])
    const why = 'Not rolled back: auto-rollback is off for production'
    expect(promoted.outputs['rolled-back']).toBe('false')
    expect(promoted.summary).toContain(`### ⚠️ Not rolled back\n\n${why}`)
    expect(messages(promoted)).toContain(`(${why})`)
    expect(stageStatus(s.p, sha[4]!, 'production', 'rollback')).toBeUndefined()
    expect(deploymentsOf(s.p, 'production').at(-1)).toMatchObject({
      sha: sha[4],
      state: 'failure'
    })
    expect(await s.sites.production.serving()).toBeUndefined()
  })
})
