import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { rollbackScript } from './scripts.js'
import {
  deploymentsOf,
  messages,
  short,
  since,
  stageStatus,
  startStack
} from './stack.js'
import type { Stack } from './stack.js'

// Release 1 is live in production and reads accounts.legacy_name. Each
// later release is rehearsed in staging — deploy, roll back to release 1,
// deploy again — and promoted only when that way back worked, in time.
let s: Stack
const sha: string[] = []
beforeAll(async () => {
  s = await startStack({
    kind: 'direct',
    rollback: true,
    migrations: true,
    production: ['rollback-max-seconds: 2'],
    files: {
      'db/migrations/V1__accounts.sql':
        'create table accounts (id int primary key, email text, legacy_name text);\n',
      'app/query.sql': 'select id, email, legacy_name from accounts limit 1\n'
    }
  })
  sha[1] = s.p.sha
})
afterAll(async () => {
  expect(s.p.gh.violations).toEqual([])
  await s.close()
})

const deploy = (n: number) => `deploy ${sha[n]} shop-${sha[n]}`

/** Stages release n: deploy, the rollback to release 1, deploy again. */
async function stage(n: number, files: Record<string, string>) {
  sha[n] = await s.release(n, files)
  const before = (await s.steps('staging')).length
  const staged = await s.stage()
  expect(since(await s.steps('staging'), before)).toEqual([
    deploy(n),
    `rollback ${sha[1]} shop-${sha[1]} from ${sha[n]}`,
    deploy(n)
  ])
  // Either way staging ends on the candidate, which passed its checks.
  expect(await s.sites.staging.serving()).toBe(sha[n])
  expect(deploymentsOf(s.p, 'staging').at(-1)).toMatchObject({
    sha: sha[n],
    state: 'success'
  })
  return staged
}

/** The rehearsal failed: staging's rollback stage and the step say so. */
async function expectRehearsalFailed(n: number, files: Record<string, string>) {
  const staged = await stage(n, files)
  const why = `${short(sha[1]!)} failed its smoke test after the rollback: 1 of 1 checks failed: health`
  expect(staged.main.exitCode).toBe(1)
  expect(staged.outputs.reason).toBe('rollback_not_rehearsed')
  expect(stageStatus(s.p, sha[n]!, 'staging', 'rollback')).toMatchObject({
    state: 'failure',
    description: why
  })
  expect(staged.summary).toContain(`### rollback · staging\n\n${why}`)
  return staged
}

/** promote-to-prod refuses at the gate; production is untouched. */
async function expectRefused(reason: string, message: string) {
  const before = await s.steps('production')
  const refused = await s.promote()
  expect(refused.main.exitCode).toBe(1)
  expect(refused.outputs.reason).toBe(reason)
  expect(messages(refused)).toContain(message)
  expect(refused.summary).toContain('Gate refused promotion to production')
  expect(await s.steps('production')).toEqual(before)
  expect(deploymentsOf(s.p, 'production').map(d => d.sha)).toEqual([sha[1]])
}

describe('the rollback rehearsed in staging, required by the gate', () => {
  it('releases 1 to staging and production', async () => {
    expect((await s.stage()).main.exitCode).toBe(0)
    expect((await s.promote()).main.exitCode).toBe(0)
    expect(await s.sites.production.serving()).toBe(sha[1])
  })

  it('fails a rehearsal whose rollback does not bring release 1 back, and the gate refuses it', async () => {
    await expectRehearsalFailed(2, {
      'deploy/rollback.sh': rollbackScript('forgetful')
    })
    await expectRefused(
      'rollback_not_rehearsed',
      `rehearse/staging/rollback is failure for ${short(sha[2]!)}`
    )
  })

  it('refuses a release whose rehearsed rollback took longer than production allows', async () => {
    const staged = await stage(3, {
      'deploy/rollback.sh': rollbackScript('slow')
    })
    expect(staged.main.exitCode).toBe(0)
    expect(stageStatus(s.p, sha[3]!, 'staging', 'rollback')).toMatchObject({
      state: 'success',
      description: expect.stringMatching(
        new RegExp(`^Rolled back to ${short(sha[1]!)} in \\d+\\.\\d s`)
      )
    })
    // Measured with the 3 s the procedure sleeps: never under the bound.
    const took = /in (\d+\.\d) s/.exec(
      stageStatus(s.p, sha[3]!, 'staging', 'rollback')?.description ?? ''
    )?.[1]
    expect(Number(took)).toBeGreaterThanOrEqual(3)
    await expectRefused(
      'rollback_too_slow',
      `staging's rehearsed rollback took ${took} s; production allows 2 s (rollback-max-seconds)`
    )
  })

  it('fails a rehearsal when release 1 cannot run on the schema the candidate migrated to', async () => {
    const staged = await expectRehearsalFailed(4, {
      'deploy/rollback.sh': rollbackScript('good'),
      'db/migrations/V2__drop_legacy_name.sql':
        'alter table accounts drop column legacy_name;\n',
      'app/query.sql': 'select id, email from accounts limit 1\n'
    })
    // PostgreSQL's own words, from release 1's query on the new schema.
    expect(staged.log).toMatch(/column \W+legacy_name\W+ does not exist/)
    await expectRefused(
      'rollback_not_rehearsed',
      `rehearse/staging/rollback is failure for ${short(sha[4]!)}`
    )
    // Production never migrated: release 1 still runs there.
    expect(await s.sites.production.serving()).toBe(sha[1])
  })
})
