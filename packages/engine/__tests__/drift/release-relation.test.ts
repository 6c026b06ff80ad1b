import { describe, expect, it } from '@jest/globals'
import { check, deploy, depsWith, plan, row, sha } from './drift-fixture.js'

// What the releases the two environments run tell: the pipeline at work
// (staging ahead), or production off the rehearsed path.

describe('the release rows of the drift check', () => {
  it('shows staging ahead of production as the pipeline at work, not drift', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'production', 1)
    // Release 2 adds a variable to both environments and a step.
    const next = plan().replace(
      'deploy:\n  - run: ./deploy.sh',
      'deploy:\n  - run: ./deploy.sh\n  - run: ./switch.sh'
    )
    const withFlag = next
      .replace('LOG_LEVEL: debug }', 'LOG_LEVEL: debug, FLAG: on }')
      .replace('LOG_LEVEL: info,', 'LOG_LEVEL: info, FLAG: on,')
    await deploy(deps, 'staging', 2, withFlag)
    const report = await check(deps, withFlag)
    expect(report.driftCount).toBe(0)
    const [pair] = report.pairs
    expect(pair?.relation).toBe('ahead')
    expect(row(pair?.rows ?? [], 'release')).toMatchObject({
      from: '2222222',
      to: '1111111',
      status: 'informational',
      note: 'staging is ahead: 2222222 awaits promotion'
    })
    expect(row(pair?.rows ?? [], 'fingerprint')?.status).toBe('informational')
    expect(row(pair?.rows ?? [], 'FLAG')).toMatchObject({
      from: 'set',
      to: undefined,
      status: 'informational',
      note: 'only in staging: changes with the promotion'
    })
  })

  it('reports production running a release staging went back from', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'staging', 2)
    await deploy(deps, 'production', 2)
    // Staging is deployed with release 1 again (e.g. rolled back).
    await deploy(deps, 'staging', 1)
    const report = await check(deps)
    expect(report.pairs[0]?.relation).toBe('behind')
    expect(report.pairs[0]?.drift).toMatchObject([
      {
        name: 'release',
        note: 'staging went back to a release older than production runs'
      }
    ])
  })

  it('reports production running a release staging never ran', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    await deploy(deps, 'staging', 1)
    const record = await deps.ledger.ensureDeployment({
      environment: 'production',
      sha: sha(3),
      payload: {
        rehearse: 1,
        fingerprint: 'sha256:hotfix',
        parts: {},
        plan: { steps: [], artifact: undefined, strategy: 'direct' },
        variables: ['CDN_URL', 'LOG_LEVEL']
      },
      production: true,
      transient: false,
      description: 'a hotfix around the pipeline'
    })
    await deps.ledger.setDeploymentState(record.id, 'success', {})
    const report = await check(deps)
    expect(report.pairs[0]?.drift.map(r => [r.name, r.note])).toEqual([
      ['release', 'production runs a release staging never ran']
    ])
  })

  it('says nothing is deployed yet without calling it drift', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    const report = await check(deps)
    expect(report.driftCount).toBe(0)
    expect(report.pairs[0]?.rows.map(r => [r.name, r.status, r.note])).toEqual([
      ['release', 'informational', 'neither has a successful deployment yet'],
      ['database-version', 'same', '']
    ])
  })
})
