import { describe, expect, it } from '@jest/globals'
import { driftPairs } from '../../src/drift/check-drift.js'
import { planOf } from '../pipeline/pipeline-fixture.js'
import { check, deploy, depsWith, plan, row, sha } from './drift-fixture.js'

describe('the drift check', () => {
  it('finds nothing when both run the same release and the facts match', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'production', 1)
    const report = await check(deps)
    expect(report.driftCount).toBe(0)
    const [pair] = report.pairs
    expect(pair).toMatchObject({
      from: 'staging',
      to: 'production',
      relation: 'same'
    })
    expect(pair?.rows.map(r => [r.name, r.status])).toEqual([
      ['release', 'same'],
      ['fingerprint', 'same'],
      ['migrations', 'same'],
      ['CDN_URL', 'declared'],
      ['database-version', 'same']
    ])
    // The fact's value is its last non-empty output line.
    expect(row(pair?.rows ?? [], 'database-version')).toMatchObject({
      from: '16.2',
      to: '16.2'
    })
  })

  it('reports a fact that differs only in production', async () => {
    const deps = depsWith({ staging: '16.2', production: '15.4' })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'production', 1)
    const report = await check(deps)
    expect(report.driftCount).toBe(1)
    expect(report.pairs[0]?.drift).toEqual([
      {
        kind: 'fact',
        name: 'database-version',
        from: '16.2',
        to: '15.4',
        status: 'drift',
        note: '',
        masked: false
      }
    ])
  })

  it('does not report a fact that parity.allow-differences declares', async () => {
    const deps = depsWith({ staging: '16.2', production: '15.4' })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'production', 1)
    const declared = plan({
      declared: ['CDN_URL', 'LOG_LEVEL', 'database-version']
    })
    const report = await check(deps, declared)
    expect(report.driftCount).toBe(0)
    expect(row(report.pairs[0]?.rows ?? [], 'database-version')).toMatchObject({
      status: 'declared',
      from: '16.2',
      to: '15.4'
    })
  })

  it('reports a variable name only production has once it is no longer declared', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'production', 1)
    const report = await check(deps, plan({ declared: ['LOG_LEVEL'] }))
    expect(report.pairs[0]?.drift).toEqual([
      {
        kind: 'variable',
        name: 'CDN_URL',
        from: undefined,
        to: 'set',
        status: 'drift',
        note: 'only in production'
      }
    ])
  })

  it('counts a fact that cannot be read as drift, saying where', async () => {
    const deps = depsWith({ staging: '16.2', production: 2 })
    await deploy(deps, 'staging', 1)
    await deploy(deps, 'production', 1)
    const report = await check(deps)
    expect(report.facts['database-version']?.production).toEqual({
      fact: 'database-version',
      environment: 'production',
      known: false,
      value: 'unknown (exit 2)',
      masked: false
    })
    expect(report.pairs[0]?.drift).toMatchObject([
      { name: 'database-version', note: 'could not be read in production' }
    ])
  })

  it('runs each fact once per environment with its variables and release', async () => {
    const deps = depsWith({ staging: '16.2', production: '16.2' })
    await deploy(deps, 'staging', 1)
    deps.ran.length = 0
    await check(deps)
    expect(
      deps.ran.map(({ env }) => [
        env.REHEARSE_ENVIRONMENT,
        env.REHEARSE_SHA,
        env.LOG_LEVEL
      ])
    ).toEqual([
      ['staging', sha(1), 'debug'],
      ['production', '', 'info']
    ])
    expect(deps.lines).toContain('Fact "database-version" in staging: 16.2')
  })
})

describe('driftPairs', () => {
  it('pairs each environment with every environment it requires, skipping per-PR ones', () => {
    const loaded = planOf(`version: 1
deploy:
  - run: ./deploy.sh
environments:
  preview: { per-pr: true, url: "https://pr-\${{ pr }}.example.com" }
  staging: { url: https://staging.example.com }
  qa: { url: https://qa.example.com }
  production: { url: https://example.com, requires: [staging, qa] }
`)
    expect(driftPairs(loaded)).toEqual([
      { from: 'staging', to: 'production' },
      { from: 'qa', to: 'production' }
    ])
  })
})
