import { describe, expect, it } from '@jest/globals'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import type { RunRequest } from '../../src/pipeline/types.js'
import {
  SHA,
  fakeStage,
  memoryDeps,
  planOf,
  userError
} from './pipeline-fixture.js'
import type { Journal } from './pipeline-fixture.js'

const PLAN = `version: 1
artifact: shop:\${{ sha }}
deploy:
  - run: ./deploy.sh
environments:
  staging: { url: https://staging.example.com }
  production: { url: https://example.com, requires: [staging] }
`

function request(
  journal: Journal,
  stages: Partial<RunRequest['stages']> = {},
  extra: Partial<RunRequest> = {}
): RunRequest {
  const plan = planOf(PLAN) as ReturnType<typeof planOf> & {
    workspace: string
  }
  return {
    plan,
    environment: 'staging',
    workspace: plan.workspace,
    sha: SHA,
    ref: 'main',
    stages: {
      migrations: fakeStage('migrations', journal),
      deploy: true,
      smoke: fakeStage('smoke', journal),
      ...stages
    },
    ...extra
  }
}

const statesOf = (deps: ReturnType<typeof memoryDeps>, context: string) =>
  (deps.ledger.snapshot().statuses[SHA] ?? [])
    .filter(s => s.context === context)
    .map(s => s.state)

describe('runEnvironment', () => {
  it('prepares every stage first, then runs migrations, deploy and smoke in that order', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    // Chosen in another order: the engine owns the order.
    const req = request(journal, {
      smoke: fakeStage('smoke', journal),
      migrations: fakeStage('migrations', journal)
    })
    const outcome = await runEnvironment(req, deps)
    expect(outcome.status).toBe('success')
    expect(journal).toEqual([
      'prepare migrations',
      'prepare smoke',
      'run migrations',
      'run smoke'
    ])
    expect(outcome.stages.map(s => s.stage)).toEqual([
      'migrations',
      'deploy',
      'smoke'
    ])
    expect(deps.ran.map(r => r.command)).toEqual(['./deploy.sh'])
    for (const stage of ['migrations', 'deploy', 'smoke'])
      expect(statesOf(deps, `rehearse/staging/${stage}`)).toEqual([
        'pending',
        'success'
      ])
    const [deployment] = deps.ledger.snapshot().deployments
    expect(deployment?.history.map(h => h.state)).toEqual([
      'in_progress',
      'success'
    ])
    expect(deployment?.payload).toMatchObject({
      release: { sha: SHA, rehearsedSha: SHA, artifact: `shop:${SHA}` },
      creator: 'alice'
    })
    // The lock was taken for the run and given back after it.
    expect(deps.locks.snapshot()).toEqual({})
  })

  it('stops at the first failing stage: nothing after it runs or reports', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const outcome = await runEnvironment(
      request(journal, {
        migrations: fakeStage('migrations', journal, {
          result: {
            status: 'failure',
            description: 'V2 failed',
            reason: 'migration_failed'
          }
        })
      }),
      deps
    )
    expect(outcome).toMatchObject({
      status: 'failure',
      reason: 'migration_failed',
      message: 'V2 failed'
    })
    expect(journal).toEqual([
      'prepare migrations',
      'prepare smoke',
      'run migrations'
    ])
    expect(deps.ran).toEqual([])
    expect(deps.ledger.snapshot().deployments).toEqual([])
    expect(statesOf(deps, 'rehearse/staging/migrations')).toEqual([
      'pending',
      'failure'
    ])
    expect(statesOf(deps, 'rehearse/staging/smoke')).toEqual([])
  })

  it('records a deployment whose smoke test failed as a failure, not a good release', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const outcome = await runEnvironment(
      request(journal, {
        smoke: fakeStage('smoke', journal, {
          result: {
            status: 'failure',
            description: '1 of 2 checks failed: api'
          }
        })
      }),
      deps
    )
    expect(outcome.status).toBe('failure')
    expect(statesOf(deps, 'rehearse/staging/deploy')).toEqual([
      'pending',
      'success'
    ])
    const [deployment] = deps.ledger.snapshot().deployments
    expect(deployment?.history.at(-1)).toMatchObject({
      state: 'failure',
      description: 'smoke: 1 of 2 checks failed: api'
    })
    expect(
      await deps.ledger.lastSuccessfulDeployment('staging')
    ).toBeUndefined()
  })

  it('turns a user-fixable error inside a stage into its failure, never a pending status', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const outcome = await runEnvironment(
      request(journal, {
        migrations: fakeStage('migrations', journal, {
          throws: userError('V3 was edited after it was applied')
        })
      }),
      deps
    )
    expect(outcome).toMatchObject({
      status: 'failure',
      reason: 'migration_failed'
    })
    expect(statesOf(deps, 'rehearse/staging/migrations')).toEqual([
      'pending',
      'failure'
    ])
  })

  it('posts error and releases the lock when a stage crashes, then lets the crash through', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    await expect(
      runEnvironment(
        request(journal, {
          smoke: fakeStage('smoke', journal, { throws: new Error('boom') })
        }),
        deps
      )
    ).rejects.toThrow('boom')
    expect(statesOf(deps, 'rehearse/staging/smoke')).toEqual([
      'pending',
      'error'
    ])
    expect(deps.ledger.snapshot().deployments[0]?.history.at(-1)?.state).toBe(
      'error'
    )
    expect(deps.locks.snapshot()).toEqual({})
  })

  it('keeps the lock when asked (an action gives it back in its post step)', async () => {
    const deps = memoryDeps()
    const taken: string[] = []
    await runEnvironment(
      request(
        [],
        {},
        { keepLock: true, onLockTaken: t => void taken.push(t.lock.runId) }
      ),
      deps
    )
    expect(taken).toEqual(['run-1'])
    expect(deps.locks.snapshot().staging).toMatchObject({
      runId: 'run-1',
      kind: 'run'
    })
  })

  it('closes what a killed run left open before deploying again', async () => {
    const deps = memoryDeps()
    const dead = await deps.ledger.ensureDeployment({
      environment: 'staging',
      sha: SHA,
      payload: {
        rehearse: 1,
        fingerprint: 'x',
        parts: {},
        plan: { steps: [], artifact: undefined, strategy: 'direct' },
        variables: []
      },
      production: false,
      transient: false,
      description: 'killed'
    })
    await deps.ledger.setDeploymentState(dead.id, 'in_progress', {})
    await deps.ledger.setStage(SHA, {
      environment: 'staging',
      stage: 'deploy',
      state: 'pending',
      description: 'Deploying…'
    })
    const outcome = await runEnvironment(request([]), deps)
    expect(outcome.status).toBe('success')
    const [record] = deps.ledger.snapshot().deployments
    expect(record?.history.map(h => h.state)).toEqual([
      'in_progress',
      'error',
      'in_progress',
      'success'
    ])
    expect(statesOf(deps, 'rehearse/staging/deploy')).toEqual([
      'pending',
      'error',
      'pending',
      'success'
    ])
  })

  it('runs nothing, records nothing and takes no lock for a noop', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const outcome = await runEnvironment(
      request(journal, {}, { noop: true }),
      deps
    )
    expect(outcome.status).toBe('noop')
    expect(journal).toEqual(['prepare migrations', 'prepare smoke'])
    expect(deps.ran).toEqual([])
    expect(deps.ledger.snapshot()).toEqual({
      deployments: [],
      statuses: {},
      reports: {}
    })
    expect(deps.locks.snapshot()).toEqual({})
  })

  it('marks the release production served before inactive once a new one succeeds', async () => {
    const deps = memoryDeps()
    const production = (sha: string) =>
      runEnvironment(
        {
          ...request([], { migrations: undefined, smoke: undefined }),
          environment: 'production',
          sha
        },
        { ...deps, source: { ...deps.source, headSha: async () => sha } }
      )
    // staging rehearsed both commits
    for (const sha of [SHA, 'c'.repeat(40)])
      await runEnvironment(
        { ...request([], { migrations: undefined, smoke: undefined }), sha },
        { ...deps, source: { ...deps.source, headSha: async () => sha } }
      )
    const first = await production(SHA)
    expect([first.status, first.message]).toEqual(['success', undefined])
    expect((await production('c'.repeat(40))).status).toBe('success')
    const states = deps.ledger
      .snapshot()
      .deployments.filter(d => d.environment === 'production')
      .map(d => d.history.at(-1)?.state)
    expect(states).toEqual(['inactive', 'success'])
  })
})
