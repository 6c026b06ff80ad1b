import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GitRepo } from '@rehearse/bench'
import { createPlanRepo, PLAN, rehearse } from './support/cli-repo.js'

let repo: GitRepo

beforeEach(async () => {
  repo = await createPlanRepo()
  await repo.commit({
    files: {
      '.github/rehearse.yml': `${PLAN}freeze:
  - reason: Year-end close
    from: 2000-01-01T00:00:00Z
    until: 2999-01-01T00:00:00Z
`
    },
    message: 'freeze'
  })
})

afterEach(async () => {
  await repo.dispose()
})

const production = () =>
  (
    JSON.parse(
      readFileSync(join(repo.dir, '.rehearse', 'ledger.json'), 'utf8')
    ) as {
      deployments: { environment: string; payload?: Record<string, unknown> }[]
    }
  ).deployments.filter(d => d.environment === 'production')

describe('rehearse promote in a change freeze', () => {
  it('refuses with change_freeze and its end; --override-freeze promotes and records who and why', async () => {
    expect((await rehearse(['run', '--env', 'staging'], repo.dir)).code).toBe(0)
    const refused = await rehearse(['promote'], repo.dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('change_freeze')
    expect(refused.stderr).toContain('frozen until 2999-01-01T00:00:00.000Z')
    expect(refused.stderr).toContain('Year-end close')
    expect(refused.stderr).not.toMatch(/\n\s+at /)
    expect(production()).toEqual([])

    const overridden = await rehearse(
      ['promote', '--override-freeze', 'payments outage fix'],
      repo.dir
    )
    expect(overridden.stderr).toBe('')
    expect(overridden.code).toBe(0)
    expect(production()).toHaveLength(1)
    expect(production()[0]?.payload).toMatchObject({
      freezeOverride: {
        reason: 'payments outage fix',
        freeze: 'Year-end close',
        by: expect.stringMatching(/\S/)
      }
    })
  })
})

describe("rehearse promote and the plan's data gate", () => {
  it('refuses with data_stale when staging was never refreshed', async () => {
    await repo.commit({
      files: {
        '.github/rehearse.yml': `${PLAN}data:
  source-url-env: PRODUCTION_REPLICA_URL
  gate: { max-age-days: 7 }
`
      },
      message: 'data gate'
    })
    expect((await rehearse(['run', '--env', 'staging'], repo.dir)).code).toBe(0)
    const refused = await rehearse(['promote'], repo.dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('data_stale')
    expect(refused.stderr).toContain('staging has no data refresh on record')
    expect(production()).toEqual([])
  })
})
