import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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
import { SLOW_MS } from './sites.js'

// One world for the file: a canary plan with rollback steps, a metric
// command and a sampled /search check compared with the previous release.
let s: Stack
const sha: string[] = []
beforeAll(async () => {
  s = await startStack({ kind: 'canary', rollback: true, search: true })
  sha[1] = s.p.sha
})
afterAll(async () => {
  expect(s.p.gh.violations).toEqual([])
  await s.close()
})

const ROLLOUT = [
  'traffic 10',
  'metric 10',
  'traffic 50',
  'metric 50',
  'traffic 100'
]
const deploy = (n: number) => `deploy ${sha[n]} shop-${sha[n]}`
const rollback = (to: number, from: number) =>
  `rollback ${sha[to]} shop-${sha[to]} from ${sha[from]}`

/** Stages release n and checks its rehearsal rolled back to release 1. */
async function stage(n: number): Promise<void> {
  sha[n] = await s.release(n)
  const before = (await s.steps('staging')).length
  expect((await s.stage()).main.exitCode).toBe(0)
  expect(since(await s.steps('staging'), before)).toEqual([
    deploy(n),
    ...ROLLOUT,
    rollback(1, n),
    deploy(n),
    'traffic 100'
  ])
  expect(stageStatus(s.p, sha[n]!, 'staging', 'rollback')).toMatchObject({
    state: 'success',
    description: expect.stringMatching(
      new RegExp(
        `^Rolled back to ${short(sha[1]!)} in [\\d.]+ s and forward again$`
      )
    )
  })
}

/** Promotes release n; its analysis fails at 10 % and it is rolled back. */
async function promoteFailingAt10(n: number): Promise<RunActionResult> {
  const before = (await s.steps('production')).length
  const promoted = await s.promote()
  expect(promoted.main.exitCode).toBe(1)
  expect(promoted.outputs).toMatchObject({
    reason: 'canary_analysis_failed',
    'rolled-back': 'true'
  })
  const lines = since(await s.steps('production'), before)
  expect(lines[0]).toBe(deploy(n))
  expect(lines.slice(-2)).toEqual(['traffic 0', rollback(1, n)])
  // 50 % and 100 % never came.
  expect(lines.filter(line => line.startsWith('traffic'))).toEqual([
    'traffic 10',
    'traffic 0'
  ])
  expect(await s.sites.production.serving()).toBe(sha[1])
  const back = `Rolled back to ${short(sha[1]!)}`
  expect(promoted.summary).toContain(`### ↩️ Rolled back\n\n${back}`)
  expect(stageStatus(s.p, sha[n]!, 'production', 'rollback')).toMatchObject({
    state: 'success',
    description: back
  })
  expect(stageStatus(s.p, sha[n]!, 'production', 'deploy')?.state).toBe(
    'failure'
  )
  expect(deploymentsOf(s.p, 'production').at(-1)).toMatchObject({
    sha: sha[n],
    state: 'failure'
  })
  expect(deploymentsOf(s.p, 'production')[0]).toMatchObject({
    sha: sha[1],
    state: 'success',
    description: `Serving again: ${short(sha[n]!)} was rolled back`
  })
  return promoted
}

describe('canary through the bundled actions', () => {
  it('moves traffic 10 → 50 → 100 with an analysis between steps, in staging and production', async () => {
    const staged = await s.stage()
    expect(staged.main.exitCode).toBe(0)
    expect(await s.steps('staging')).toEqual([deploy(1), ...ROLLOUT])
    expect(staged.summary).toContain(
      'Analysis at 10 %: metric 0.001 (max 0.05).'
    )
    expect(stageStatus(s.p, sha[1]!, 'staging', 'rollback')).toMatchObject({
      state: 'success',
      description: 'Nothing to roll back to yet: no earlier release'
    })
    const promoted = await s.promote()
    expect(promoted.main.exitCode).toBe(0)
    expect(promoted.outputs['rolled-back']).toBe('false')
    expect(await s.steps('production')).toEqual([deploy(1), ...ROLLOUT])
    expect(await s.sites.production.serving()).toBe(sha[1])
  })

  it('ends at 0 % and rolls back when the canary is slower than the previous release', async () => {
    await stage(2)
    s.sites.production.slow.add(sha[2]!)
    const promoted = await promoteFailingAt10(2)
    const why = 'Analysis at 10 % failed: 1 of 2 checks failed: search'
    expect(messages(promoted)).toContain(
      `promotion to production failed in the deploy stage: ${why} (Rolled back to ${short(sha[1]!)})`
    )
    // Every 10th request reached the canary: p95 of 10 samples is its.
    const p95 = /search: 200 p50 [\d.]+ ms, p95 ([\d.]+) ms/.exec(promoted.log)
    expect(Number(p95?.[1])).toBeGreaterThanOrEqual(SLOW_MS)
    expect(promoted.summary).toContain(
      'Analysis at 10 %: the smoke checks failed.'
    )
    // Why, against the baseline: in the log after the check's own line,
    // and in the summary under the deploy it judged.
    const slower =
      /❌ search: (p95 [\d.]+ ms is [\d.]+× the baseline's [\d.]+ ms)/
    expect(promoted.log).toMatch(slower)
    // The summary escapes the apostrophe (it renders as one).
    const slowerWhy = slower.exec(promoted.log)?.[1] ?? 'no match'
    expect(promoted.summary).toContain(slowerWhy.replace("'", '&#39;'))
  })

  it('refuses a promotion whose canary steps changed after staging', async () => {
    await stage(3)
    // The same commit; the workspace's plan now goes 25 → 100.
    const planFile = join(s.p.repo.dir, '.github/rehearse.yml')
    const changed = s.plan.replace('steps: [10, 50, 100]', 'steps: [25, 100]')
    expect(changed).not.toBe(s.plan)
    await writeFile(planFile, changed)
    const refused = await s.promote().finally(() => writeFile(planFile, s.plan))
    expect(refused.main.exitCode).toBe(1)
    expect(refused.outputs.reason).toBe('fingerprint_mismatch')
    expect(messages(refused)).toContain(
      'production would run something else than staging rehearsed (differs: strategy)'
    )
    expect(deploymentsOf(s.p, 'production')).toHaveLength(2)
  })

  it('ends at 0 % and rolls back when the metric is over its maximum at 10 %', async () => {
    await s.setState('production', 'error-rate', '0.2\n')
    const promoted = await promoteFailingAt10(3)
    expect(messages(promoted)).toContain(
      'Analysis at 10 % failed: metric 0.2 (max 0.05)'
    )
    const lines = await s.steps('production')
    expect(lines.slice(-4)).toEqual([
      'traffic 10',
      'metric 10',
      'traffic 0',
      rollback(1, 3)
    ])
  })
})
