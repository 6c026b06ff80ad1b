import { describe, expect, it } from '@jest/globals'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import type { RunRequest } from '../../src/pipeline/types.js'
import { fakeStage, memoryDeps, planOf } from './pipeline-fixture.js'
import type { Answer, Journal } from './pipeline-fixture.js'

const sha = (n: number): string => String(n).repeat(40)

const BLUE_GREEN = `version: 1
artifact: shop:\${{ sha }}
deploy:
  - run: ./deploy.sh
strategy:
  type: blue-green
  switch:
    - run: ./switch.sh
environments:
  staging:
    url: https://staging.example.com
    slots: { blue: { url: https://blue.staging.example.com }, green: { url: https://green.staging.example.com } }
`

const CANARY = `version: 1
artifact: shop:\${{ sha }}
deploy:
  - run: ./deploy.sh
rollback:
  - run: ./rollback.sh
strategy:
  type: canary
  steps: [10, 50, 100]
  pause-seconds: 30
  traffic:
    - run: ./traffic.sh
  metric: { run: ./metric.sh, max: 0.05 }
environments:
  staging: { url: https://staging.example.com, auto-rollback: true }
`

type Deps = ReturnType<typeof memoryDeps>

function runner(text: string, judge?: (url: string | undefined) => object) {
  const journal: Journal = []
  return {
    journal,
    run: (deps: Deps, n: number) => {
      const plan = planOf(text) as ReturnType<typeof planOf> & {
        workspace: string
      }
      const request: RunRequest = {
        plan,
        environment: 'staging',
        workspace: plan.workspace,
        sha: sha(n),
        ref: 'main',
        stages: { deploy: true, smoke: fakeStage('smoke', journal, { judge }) }
      }
      return runEnvironment(request, {
        ...deps,
        source: { ...deps.source, headSha: async () => sha(n) }
      })
    }
  }
}

const ranOf = (deps: Deps, script: string) =>
  deps.ran.filter(r => r.command === script)

describe('blue-green', () => {
  it('deploys to the idle slot, smoke-tests it there, switches, then checks the live URL', async () => {
    const deps = memoryDeps()
    const bg = runner(BLUE_GREEN, () => ({}))
    expect((await bg.run(deps, 1)).status).toBe('success')
    expect(ranOf(deps, './deploy.sh')[0]?.env).toMatchObject({
      REHEARSE_SLOT: 'blue',
      REHEARSE_SLOT_URL: 'https://blue.staging.example.com',
      REHEARSE_URL: 'https://staging.example.com'
    })
    expect(ranOf(deps, './switch.sh')[0]?.env).toMatchObject({
      REHEARSE_SLOT: 'blue',
      REHEARSE_PREVIOUS_SLOT: ''
    })
    expect(bg.journal).toEqual([
      'prepare smoke',
      'run smoke https://blue.staging.example.com',
      'run smoke https://staging.example.com'
    ])
    // The next release goes to the other slot.
    expect((await bg.run(deps, 2)).status).toBe('success')
    expect(ranOf(deps, './deploy.sh')[1]?.env.REHEARSE_SLOT).toBe('green')
    expect(ranOf(deps, './switch.sh')[1]?.env).toMatchObject({
      REHEARSE_SLOT: 'green',
      REHEARSE_PREVIOUS_SLOT: 'blue'
    })
  })

  it('never switches to a release that fails on the idle slot', async () => {
    const deps = memoryDeps()
    const good = runner(BLUE_GREEN, () => ({}))
    await good.run(deps, 1)
    const broken = runner(BLUE_GREEN, url =>
      url?.includes('green')
        ? { status: 'failure', description: 'api down' }
        : {}
    )
    const outcome = await broken.run(deps, 2)
    expect(outcome).toMatchObject({
      status: 'failure',
      message: 'Idle slot green failed its smoke test: api down'
    })
    expect(ranOf(deps, './switch.sh')).toHaveLength(1)
    expect(outcome.rollback?.rolledBack).toBe(false)
    // Users still on blue; the next release tries green again.
    await good.run(deps, 3)
    expect(ranOf(deps, './deploy.sh')[2]?.env.REHEARSE_SLOT).toBe('green')
  })

  it('switches back when the live URL fails after the switch', async () => {
    const deps = memoryDeps()
    await runner(BLUE_GREEN, () => ({})).run(deps, 1)
    // The live URL fails once (release 2 live), then serves release 1.
    let liveChecks = 0
    const broken = runner(BLUE_GREEN, url =>
      url === 'https://staging.example.com' && ++liveChecks === 1
        ? { status: 'failure', description: 'slow' }
        : {}
    )
    const outcome = await broken.run(deps, 2)
    expect(outcome.status).toBe('failure')
    // The switch-back was checked on the live URL, as a deploy is.
    expect(liveChecks).toBe(2)
    expect(ranOf(deps, './switch.sh').map(r => r.env.REHEARSE_SLOT)).toEqual([
      'blue',
      'green',
      'blue'
    ])
    expect(outcome.rollback).toMatchObject({ rolledBack: true, to: sha(1) })
    expect(await deps.ledger.lastSuccessfulDeployment('staging')).toMatchObject(
      {
        sha: sha(1)
      }
    )
  })
})

it('blue-green: a switch-back that users still see failing is no rollback', async () => {
  const deps = memoryDeps()
  await runner(BLUE_GREEN, () => ({})).run(deps, 1)
  const broken = runner(BLUE_GREEN, url =>
    url === 'https://staging.example.com'
      ? { status: 'failure', description: 'bad gateway' }
      : {}
  )
  const outcome = await broken.run(deps, 2)
  expect(ranOf(deps, './switch.sh')).toHaveLength(3)
  expect(outcome.rollback).toMatchObject({
    rolledBack: false,
    description: expect.stringMatching(
      /^Sent users back to 1111111, but it failed its smoke test: bad gateway/
    )
  })
  // Release 1 is not claimed to serve again.
  expect(JSON.stringify(deps.ledger.snapshot())).not.toContain('Serving again')
})

describe('canary', () => {
  const metricAnswer =
    (value: string) =>
    (command: string): Answer =>
      command === './metric.sh' ? { output: `${value}\n` } : {}

  it('moves traffic 10 → 50 → 100 with a pause and an analysis between steps', async () => {
    const deps = memoryDeps({ answer: metricAnswer('0.01') })
    const canary = runner(CANARY, () => ({}))
    const outcome = await canary.run(deps, 1)
    expect(outcome.status).toBe('success')
    expect(
      ranOf(deps, './traffic.sh').map(r => r.env.REHEARSE_TRAFFIC_PERCENT)
    ).toEqual(['10', '50', '100'])
    expect(ranOf(deps, './metric.sh')).toHaveLength(2)
    expect(canary.journal.filter(l => l.startsWith('run smoke'))).toHaveLength(
      3
    )
    expect(outcome.deploy?.notes).toContain(
      'Analysis at 10 %: metric 0.01 (max 0.05).'
    )
  })

  it('stops at 10 % on a failing metric: traffic back to 0, rolled back, 50 and 100 never run', async () => {
    const deps = memoryDeps({ answer: metricAnswer('0.01') })
    await runner(CANARY, () => ({})).run(deps, 1)
    const bad = memoryDeps({ answer: metricAnswer('0.2') })
    const shared = { ...bad, ledger: deps.ledger, locks: deps.locks }
    const outcome = await runner(CANARY, () => ({})).run(shared, 2)
    expect(outcome).toMatchObject({
      status: 'failure',
      reason: 'canary_analysis_failed',
      message: 'Analysis at 10 % failed: metric 0.2 (max 0.05)'
    })
    expect(
      ranOf(bad, './traffic.sh').map(r => r.env.REHEARSE_TRAFFIC_PERCENT)
    ).toEqual(['10', '0'])
    expect(ranOf(bad, './rollback.sh')[0]?.env).toMatchObject({
      REHEARSE_SHA: sha(1),
      REHEARSE_ARTIFACT: `shop:${sha(1)}`,
      REHEARSE_ROLLBACK_FROM: sha(2)
    })
    expect(outcome.rollback).toMatchObject({ rolledBack: true, to: sha(1) })
  })

  it('fails closed on a metric that prints no number', async () => {
    const deps = memoryDeps({ answer: metricAnswer('n/a') })
    const outcome = await runner(CANARY, () => ({})).run(deps, 1)
    expect(outcome.message).toContain('printed no number')
  })
})
