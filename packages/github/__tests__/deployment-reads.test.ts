import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  deploymentRequest,
  expectNoViolations,
  ledgerOf,
  startBench,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench
beforeEach(async () => {
  bench = await startBench()
  bench.gh.seedHistory({ environment: 'staging', count: 30 })
})
afterEach(async () => {
  expectNoViolations(bench.gh)
  await stopBench(bench)
})

// The GitHub operations asked since `from`, by operation id.
function asked(from: number): string[] {
  return bench.gh.requests
    .slice(from)
    .map(r => r.operationId ?? `${r.method} ${r.path}`)
}
const count = (ids: string[], id: string) => ids.filter(i => i === id).length

describe('deployment reads within one run', () => {
  it('reads a listing and each latest status once, whatever window is asked', async () => {
    const ledger = ledgerOf(bench)
    const from = bench.gh.requests.length
    const first = await ledger.recentDeployments('staging', 10)
    await ledger.recentDeployments('staging', 10)
    await ledger.recentDeployments('staging', 1)
    const last = await ledger.lastSuccessfulDeployment('staging')
    const ids = asked(from)
    expect(count(ids, 'repos/list-deployments')).toBe(1)
    expect(count(ids, 'repos/list-deployment-statuses')).toBe(10)
    expect(first.map(d => d.state)).toEqual([
      'success',
      ...Array(9).fill('inactive')
    ])
    expect(last?.id).toBe(first[0]?.id)
  })

  it('sees its own writes: a new success is the latest and retires the one before, a new deployment is listed', async () => {
    const ledger = ledgerOf(bench)
    const before = await ledger.recentDeployments('staging', 10)
    const created = await ledger.ensureDeployment(
      deploymentRequest(bench.initial)
    )
    await ledger.setDeploymentState(created.id, 'success', {
      description: 'deployed'
    })
    const after = await ledger.recentDeployments('staging', 10)
    expect(after[0]).toMatchObject({ id: created.id, state: 'success' })
    expect(after.find(d => d.id === before[0]?.id)?.state).toBe('inactive')
    expect((await ledger.findDeployment('staging', bench.initial))?.id).toBe(
      created.id
    )
  })
})
