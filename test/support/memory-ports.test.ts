import { describe, expect, it } from '@jest/globals'
import type { DeploymentPayload } from '@rehearse/engine'
import { createMemoryLedger, createMemoryLocks } from './index.js'

// What only the memory ports have: the snapshot tests read. Their Ledger
// and Locks behaviour is checked by the contract suites in test/contracts.

const payload: DeploymentPayload = {
  rehearse: 1,
  fingerprint: 'sha256:1',
  parts: {},
  plan: { steps: [], artifact: undefined, strategy: 'direct' },
  variables: []
}
let at = Date.parse('2030-01-01T10:00:00Z')
const clock = { now: () => new Date((at += 1000)) }

describe('the memory ledger snapshot', () => {
  it('shows every deployment’s history, every status and the reports', async () => {
    const ledger = createMemoryLedger({ clock })
    const request = (sha: string) => ({
      environment: 'staging',
      sha,
      payload,
      production: false,
      transient: false,
      description: 'Rehearse: staging'
    })
    const first = await ledger.ensureDeployment(request('a'))
    await ledger.setDeploymentState(first.id, 'success', { logUrl: 'log' })
    const second = await ledger.ensureDeployment(request('b'))
    await ledger.setDeploymentState(second.id, 'success', {})
    await ledger.setStage('b', {
      environment: 'staging',
      stage: 'deploy',
      state: 'success',
      description: 'Deployed'
    })
    await ledger.postStatus('b', { context: 'ci/build', state: 'pending' })
    const report = { title: 't', summary: 's', data: { n: 1 } }
    await ledger.saveReport('b', 'staging', 'smoke', report)

    const snapshot = ledger.snapshot()
    expect(snapshot.deployments.map(d => d.history.map(e => e.state))).toEqual([
      ['success', 'inactive'],
      ['success']
    ])
    expect(snapshot.deployments[0]?.history[0]).toMatchObject({
      logUrl: 'log'
    })
    expect(snapshot.statuses.b?.map(s => s.context)).toEqual([
      'rehearse/staging/deploy',
      'ci/build'
    ])
    expect(snapshot.reports).toEqual({ 'b/staging/smoke': report })
    snapshot.deployments.length = 0
    expect(ledger.snapshot().deployments).toHaveLength(2)
  })
})

describe('the memory locks snapshot', () => {
  it('lists each environment’s stored lock, as a copy', async () => {
    const locks = createMemoryLocks({ clock })
    await locks.acquire('qa', {
      owner: 'alice',
      reason: 'QA',
      runId: 'h1',
      kind: 'hold'
    })
    const snapshot = locks.snapshot()
    expect(snapshot).toEqual({
      qa: expect.objectContaining({ owner: 'alice', kind: 'hold' })
    })
    delete snapshot.qa
    expect(await locks.read('qa')).toMatchObject({ owner: 'alice' })
  })
})
