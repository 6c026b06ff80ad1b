import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startPerPrBench } from './per-pr-fixture.js'
import type { PerPrBench } from './per-pr-fixture.js'

// The scheduled `teardown-idle` mode: instances of `preview` (max-idle-days:
// 3) whose deployments are older are torn down; the rest are left alone.
// The emulator's records are aged in place, as if deployed days ago.

let b: PerPrBench
const shas: Record<number, string> = {}

/** GitHub's timestamp `days` ago. */
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')

function age(environment: string, days: number): void {
  const at = daysAgo(days)
  for (const deployment of b.gh.state.deployments) {
    if (deployment.environment !== environment) continue
    Object.assign(deployment, { createdAt: at, updatedAt: at })
    for (const status of b.gh.state.deploymentStatuses)
      if (status.deploymentId === deployment.id) status.createdAt = at
  }
}

const statesOf = (environment: string) =>
  b.gh.state.deployments
    .filter(d => d.environment === environment)
    .map(d =>
      b.gh.state.deploymentStatuses
        .filter(s => s.deploymentId === d.id)
        .map(s => s.state)
    )

beforeAll(async () => {
  b = await startPerPrBench()
  for (const number of [1, 2, 3]) {
    shas[number] = await b.openPull(number)
    const deployed = await b.deploy(number, shas[number] ?? '')
    expect(deployed.main.exitCode).toBe(0)
  }
  age('preview/pr-1', 5)
  age('preview/pr-3', 2)
})
afterAll(() => b.close())

describe('teardown-idle', () => {
  it('tears down only the instances idle longer than max-idle-days', async () => {
    const result = await b.teardownIdle()
    expect(result.main.exitCode).toBe(0)
    expect(await b.teardowns()).toEqual([
      `preview/pr-1 ${shas[1]} https://pr-1.preview.example.com preview_1`
    ])
    expect(statesOf('preview/pr-1')).toEqual([
      ['in_progress', 'success', 'inactive']
    ])
    expect(statesOf('preview/pr-2')).toEqual([['in_progress', 'success']])
    expect(statesOf('preview/pr-3')).toEqual([['in_progress', 'success']])
    expect(b.gh.state.environments.map(e => e.name).sort()).toEqual([
      'preview/pr-2',
      'preview/pr-3'
    ])
    expect(result.summary).toContain(
      '### Teardown of idle preview environments'
    )
    expect(result.summary).toContain(
      `| preview/pr-1 | ${daysAgo(5).slice(0, 10)}`
    )
    expect(result.outputs.reason).toBe('')
    expect(b.gh.violations).toEqual([])
  })

  it('finds nothing idle on the next run', async () => {
    const result = await b.teardownIdle()
    expect(result.main.exitCode).toBe(0)
    expect(result.summary).toContain(
      'No instance of preview was idle longer than 3 day(s).'
    )
    expect(await b.teardowns()).toHaveLength(1)
    expect(b.gh.violations).toEqual([])
  })
})
