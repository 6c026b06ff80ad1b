import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { planOf } from './scripts.js'
import {
  deploymentsOf,
  messages,
  short,
  since,
  stageStatus,
  startStack
} from './stack.js'
import type { Stack } from './stack.js'

// One world for the file: each test is the next release of the same
// repository, against the same blue/green servers and router per
// environment.
let s: Stack
const sha: string[] = []
beforeAll(async () => {
  s = await startStack({ kind: 'blue-green' })
  sha[1] = s.p.sha
})
afterAll(async () => {
  expect(s.p.gh.violations).toEqual([])
  await s.close()
})

const deploy = (n: number, slot: string) =>
  `deploy ${sha[n]} shop-${sha[n]} ${slot}`
const switched = (n: number, slot: string, from: string) =>
  `switch ${slot} from ${from} ${sha[n]}`

describe('blue-green through the bundled actions', () => {
  it('deploys release 1 to blue, smoke-tests blue, then switches users to it', async () => {
    const staged = await s.stage()
    expect(staged.main.exitCode).toBe(0)
    expect(await s.steps('staging')).toEqual([
      deploy(1, 'blue'),
      switched(1, 'blue', 'none')
    ])
    expect(await s.sites.staging.serving()).toBe(sha[1])
    expect(staged.summary).toContain(
      `Deployed to the idle slot blue (${s.sites.staging.slots.blue}); live was none.`
    )
    expect(staged.summary).toContain(
      'The blue slot passed its smoke test before the switch.'
    )
    const promoted = await s.promote()
    expect(promoted.main.exitCode).toBe(0)
    expect(promoted.outputs['rolled-back']).toBe('false')
    expect(await s.steps('production')).toEqual([
      deploy(1, 'blue'),
      switched(1, 'blue', 'none')
    ])
    expect(deploymentsOf(s.p, 'production')).toMatchObject([
      { sha: sha[1], state: 'success', slot: 'blue' }
    ])
  })

  it('never switches to a release that fails its smoke test on the idle slot', async () => {
    sha[2] = await s.release(2)
    s.sites.staging.crashing.add(sha[2])
    const before = (await s.steps('staging')).length
    const staged = await s.stage()
    expect(staged.main.exitCode).toBe(1)
    // Deployed to green, never switched: users stay on release 1.
    expect(since(await s.steps('staging'), before)).toEqual([
      deploy(2, 'green')
    ])
    expect(await s.sites.staging.serving()).toBe(sha[1])
    const why =
      'Idle slot green failed its smoke test: 1 of 1 checks failed: health'
    expect(stageStatus(s.p, sha[2]!, 'staging', 'deploy')).toMatchObject({
      state: 'failure',
      description: why
    })
    expect(stageStatus(s.p, sha[2]!, 'staging', 'smoke')).toBeUndefined()
    expect(messages(staged)).toContain(
      `deploy to staging failed in the deploy stage: ${why}`
    )
    expect(staged.summary).toContain(
      'The green slot failed its smoke test; users never reached it: the switch did not run.'
    )
    expect(staged.outputs.reason).toBe('smoke_failed')
    expect(deploymentsOf(s.p, 'staging')).toMatchObject([
      { sha: sha[1], state: 'success', slot: 'blue' },
      { sha: sha[2], state: 'failure', slot: 'green' }
    ])
  })

  it('deploys the next release to the slot users are not on', async () => {
    sha[3] = await s.release(3)
    const before = (await s.steps('staging')).length
    expect((await s.stage()).main.exitCode).toBe(0)
    expect(since(await s.steps('staging'), before)).toEqual([
      deploy(3, 'green'),
      switched(3, 'green', 'blue')
    ])
    expect(await s.sites.staging.serving()).toBe(sha[3])
  })

  it('switches back when the live URL fails after the switch, and says so', async () => {
    // Production's router cannot reach green: only the live check sees it.
    s.sites.production.brokenRoutes.add('green')
    const before = (await s.steps('production')).length
    const promoted = await s.promote()
    expect(promoted.main.exitCode).toBe(1)
    expect(since(await s.steps('production'), before)).toEqual([
      deploy(3, 'green'),
      switched(3, 'green', 'blue'),
      switched(3, 'blue', 'green')
    ])
    expect(await s.sites.production.serving()).toBe(sha[1])
    expect(promoted.outputs['rolled-back']).toBe('true')
    const back = `Rolled back to ${short(sha[1]!)}`
    expect(promoted.summary).toContain(`### ↩️ Rolled back\n\n${back}`)
    expect(messages(promoted)).toContain(
      `promotion to production failed in the smoke stage: 1 of 1 checks failed: health (${back})`
    )
    expect(stageStatus(s.p, sha[3]!, 'production', 'smoke')?.state).toBe(
      'failure'
    )
    expect(stageStatus(s.p, sha[3]!, 'production', 'rollback')).toMatchObject({
      state: 'success',
      description: back
    })
    // Release 1 is production's live deployment again.
    expect(deploymentsOf(s.p, 'production')).toEqual([
      {
        sha: sha[1],
        state: 'success',
        slot: 'blue',
        description: `Serving again: ${short(sha[3]!)} was rolled back`
      },
      {
        sha: sha[3],
        state: 'failure',
        slot: 'green',
        description: `smoke: 1 of 1 checks failed: health; rolled back to ${short(sha[1]!)}`
      }
    ])
  })

  it('refuses a promotion when production would use another strategy than staging', async () => {
    s.sites.production.brokenRoutes.clear()
    sha[4] = await s.release(4)
    const before = (await s.steps('staging')).length
    expect((await s.stage()).main.exitCode).toBe(0)
    expect(since(await s.steps('staging'), before)).toEqual([
      deploy(4, 'blue'),
      switched(4, 'blue', 'green')
    ])
    // The same commit; the workspace's plan now releases directly.
    const planFile = join(s.p.repo.dir, '.github/rehearse.yml')
    await writeFile(planFile, planOf({ kind: 'direct', sites: s.sites }))
    const refused = await s.promote().finally(() => writeFile(planFile, s.plan))
    expect(refused.main.exitCode).toBe(1)
    expect(refused.outputs.reason).toBe('fingerprint_mismatch')
    // The switch script is no longer part of it either.
    expect(messages(refused)).toContain(
      'production would run something else than staging rehearsed (differs: strategy, scripts)'
    )
    expect(deploymentsOf(s.p, 'production')).toHaveLength(2)
  })

  it('deploys the next production release to the slot the switch-back left idle', async () => {
    const before = (await s.steps('production')).length
    const promoted = await s.promote()
    expect(promoted.main.exitCode).toBe(0)
    // Production went back to blue (release 1), so release 4 goes to green.
    expect(since(await s.steps('production'), before)).toEqual([
      deploy(4, 'green'),
      switched(4, 'green', 'blue')
    ])
    expect(await s.sites.production.serving()).toBe(sha[4])
    expect(deploymentsOf(s.p, 'production').map(d => d.state)).toEqual([
      'inactive',
      'failure',
      'success'
    ])
  })
})
