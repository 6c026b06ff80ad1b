import { describe, expect, it } from '@jest/globals'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import type { RunRequest } from '../../src/pipeline/types.js'
import { fakeStage, memoryDeps, planOf } from './pipeline-fixture.js'
import type { Answer } from './pipeline-fixture.js'

const sha = (n: number): string => String(n).repeat(40)

const plan = (production = '', extra = '') => `version: 1
artifact: shop:\${{ sha }}
deploy:
  - run: ./deploy.sh
rollback:
  - run: ./rollback.sh
environments:
  staging: { url: https://staging.example.com }
  production: { url: https://example.com, requires: [staging]${production} }
${extra}`

type Deps = ReturnType<typeof memoryDeps>
type Stage = 'migrations' | 'deploy' | 'smoke'

/** Runs one environment for commit `n`, failing `failing` if asked. */
async function run(
  deps: Deps,
  environment: string,
  n: number,
  options: { failing?: Stage; text?: string; answer?: Answer } = {}
) {
  const loaded = planOf(options.text ?? plan(), environment) as ReturnType<
    typeof planOf
  > & { workspace: string }
  // A failing stage fails once: the release rolled back to passes.
  let calls = 0
  const fails = (stage: Stage) =>
    options.failing === stage
      ? {
          judge: () =>
            calls++ === 0
              ? { status: 'failure' as const, description: `${stage} broke` }
              : {}
        }
      : {}
  const request: RunRequest = {
    plan: loaded,
    environment,
    workspace: loaded.workspace,
    sha: sha(n),
    ref: 'main',
    stages: {
      migrations: fakeStage('migrations', [], fails('migrations')),
      deploy: true,
      smoke: fakeStage('smoke', [], fails('smoke'))
    }
  }
  const failDeploy = options.failing === 'deploy'
  return runEnvironment(request, {
    ...deps,
    source: { ...deps.source, headSha: async () => sha(n) },
    runner: {
      run: async (command, runOptions) =>
        command === './deploy.sh' &&
        failDeploy &&
        runOptions.env.REHEARSE_SHA === sha(n)
          ? { exitCode: 1, signal: null, timedOut: false, cancelled: false }
          : deps.runner.run(command, runOptions)
    }
  })
}

/** Releases 1 and 2 rehearsed in staging, 1 live in production. */
async function released(deps: Deps, text?: string) {
  for (const n of [1, 2]) await run(deps, 'staging', n, { text })
  expect((await run(deps, 'production', 1, { text })).status).toBe('success')
  deps.ran.length = 0
}

const productionStates = (deps: Deps) =>
  deps.ledger
    .snapshot()
    .deployments.filter(d => d.environment === 'production')
    .map(d => [d.sha.slice(0, 1), d.history.at(-1)?.state])

describe('automatic rollback in production', () => {
  it.each<Stage>(['migrations', 'deploy', 'smoke'])(
    'rolls back to the exact previous release when %s fails',
    async stage => {
      const deps = memoryDeps()
      await released(deps)
      const outcome = await run(deps, 'production', 2, { failing: stage })
      expect(outcome.status).toBe('failure')
      expect(outcome.rollback).toMatchObject({ rolledBack: true, to: sha(1) })
      const back = deps.ran.filter(r => r.command === './rollback.sh')
      expect(
        back.map(r => [r.env.REHEARSE_SHA, r.env.REHEARSE_ARTIFACT])
      ).toEqual([[sha(1), `shop:${sha(1)}`]])
      expect(
        await deps.ledger.lastSuccessfulDeployment('production')
      ).toMatchObject({
        sha: sha(1),
        state: 'success'
      })
      expect(productionStates(deps)).toEqual(
        stage === 'migrations'
          ? [['1', 'success']]
          : [
              ['1', 'success'],
              ['2', 'failure']
            ]
      )
      const statuses = deps.ledger.snapshot().statuses[sha(2)] ?? []
      expect(
        statuses
          .filter(s => s.context === 'rehearse/production/rollback')
          .at(-1)
      ).toMatchObject({
        state: 'success',
        description: `Rolled back to ${sha(1).slice(0, 7)}`
      })
    }
  )

  it('re-runs deploy for the last good release when the plan has no rollback steps', async () => {
    const text = plan().replace('rollback:\n  - run: ./rollback.sh\n', '')
    const deps = memoryDeps()
    await released(deps, text)
    const outcome = await run(deps, 'production', 2, { failing: 'smoke', text })
    expect(outcome.rollback?.rolledBack).toBe(true)
    expect(
      deps.ran
        .filter(r => r.command === './deploy.sh')
        .map(r => r.env.REHEARSE_SHA)
    ).toEqual([sha(2), sha(1)])
  })

  it('does nothing with auto-rollback: false, and says why', async () => {
    const text = plan(', auto-rollback: false')
    const deps = memoryDeps()
    await released(deps, text)
    const outcome = await run(deps, 'production', 2, { failing: 'smoke', text })
    expect(outcome.rollback).toMatchObject({
      rolledBack: false,
      description: 'Not rolled back: auto-rollback is off for production'
    })
    expect(deps.ran.filter(r => r.command === './rollback.sh')).toEqual([])
  })
})

describe('the rollback rehearsed in staging', () => {
  it('rolls back to what production serves, smoke-tests it, and deploys the candidate again', async () => {
    const deps = memoryDeps()
    await released(deps)
    const outcome = await run(deps, 'staging', 3)
    expect(outcome.status).toBe('success')
    expect(deps.ran.map(r => [r.command, r.env.REHEARSE_SHA])).toEqual([
      ['./deploy.sh', sha(3)],
      ['./rollback.sh', sha(1)],
      ['./deploy.sh', sha(3)]
    ])
    const rehearsal = outcome.stages.find(s => s.stage === 'rollback')
    expect(rehearsal?.result.description).toMatch(
      /^Rolled back to 1111111 in \d+\.\d s and forward again$/
    )
  })

  it('fails the stage when the rollback does not work, and the gate then refuses', async () => {
    const deps = memoryDeps({
      answer: command => (command === './rollback.sh' ? { exitCode: 3 } : {})
    })
    await run(deps, 'staging', 1)
    await run(deps, 'production', 1)
    const staging = await run(deps, 'staging', 2)
    expect(staging).toMatchObject({
      status: 'failure',
      reason: 'rollback_not_rehearsed'
    })
    const promotion = await run(deps, 'production', 2)
    expect(promotion).toMatchObject({
      status: 'refused',
      reason: 'rollback_not_rehearsed'
    })
  })

  it('lets production bound how long the rehearsed rollback may take', async () => {
    const deps = memoryDeps()
    const slow = memoryDeps({ ...deps, sleep: deps.sleep })
    const text = plan(', rollback-max-seconds: 1')
    await run(deps, 'staging', 1, { text })
    await run(deps, 'production', 1, { text })
    // The rollback step takes 5 s on the test's clock.
    const timed = {
      ...slow,
      ledger: deps.ledger,
      locks: deps.locks,
      clock: deps.clock,
      runner: {
        run: async (
          command: string,
          options: Parameters<Deps['runner']['run']>[1]
        ) => {
          if (command === './rollback.sh') deps.clock.advance(5000)
          return deps.runner.run(command, options)
        }
      }
    }
    expect((await run(timed as Deps, 'staging', 2, { text })).status).toBe(
      'success'
    )
    const promotion = await run(deps, 'production', 2, { text })
    expect(promotion).toMatchObject({
      status: 'refused',
      reason: 'rollback_too_slow'
    })
    expect(promotion.message).toContain(
      "staging's rehearsed rollback took 5.0 s; production allows 1 s"
    )
  })
})
