import { describe, expect, it } from '@jest/globals'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import {
  idleInstances,
  teardownEnvironment
} from '../../src/pipeline/teardown.js'
import { memoryDeps, planOf } from './pipeline-fixture.js'

const sha = (n: number): string => String(n).repeat(40)
const DAY = 86_400_000

const plan = (extra = '') => `version: 1
artifact: shop:\${{ sha }}
deploy:
  - run: ./deploy.sh
teardown:
  - name: Remove
    run: ./rollback.sh
environments:
  staging: { url: https://staging.example.com }
  preview:
    per-pr: true
    url: https://pr-\${{ pr }}.preview.example.com
    env: { DATABASE: "preview_\${{ pr }}" }
${extra}  production: { url: https://example.com, requires: [staging] }
`

type Deps = ReturnType<typeof memoryDeps>
type Loaded = ReturnType<typeof planOf> & { workspace: string }

const load = (environment: string, text = plan()) =>
  planOf(text, environment) as Loaded

async function deploy(
  deps: Deps,
  environment: string,
  n: number,
  text?: string
) {
  const loaded = load(environment, text)
  const outcome = await runEnvironment(
    {
      plan: loaded,
      environment,
      workspace: loaded.workspace,
      sha: sha(n),
      ref: 'feature',
      stages: { deploy: true }
    },
    { ...deps, source: { ...deps.source, headSha: async () => sha(n) } }
  )
  expect(outcome.status).toBe('success')
}

function teardown(deps: Deps, environment: string, text?: string) {
  const loaded = load(environment, text)
  return teardownEnvironment(
    { plan: loaded, environment, workspace: loaded.workspace, why: 'closed' },
    deps
  )
}

const states = (deps: Deps, environment: string) =>
  deps.ledger
    .snapshot()
    .deployments.filter(d => d.environment === environment)
    .map(d => d.history.at(-1)?.state)

const teardownsRun = (deps: Deps) =>
  deps.ran.filter(r => r.command === './rollback.sh')

describe('tearing down a pull request environment', () => {
  it('runs the teardown once as its release, then retires only that instance', async () => {
    const deps = memoryDeps()
    await deploy(deps, 'preview/pr-1', 1)
    await deploy(deps, 'preview/pr-1', 2)
    await deploy(deps, 'preview/pr-12', 3)
    expect(states(deps, 'preview/pr-1')).toEqual(['inactive', 'success'])

    const outcome = await teardown(deps, 'preview/pr-1')
    expect(outcome).toMatchObject({
      status: 'success',
      environment: 'preview/pr-1',
      retired: { deactivated: 1, deleted: true },
      reason: undefined
    })
    expect(outcome.description).toMatch(
      /^Torn down at .* \(closed\): 1 deployment\(s\) inactive, environment deleted$/
    )
    expect(teardownsRun(deps)).toEqual([
      {
        command: './rollback.sh',
        env: expect.objectContaining({
          REHEARSE_ENVIRONMENT: 'preview/pr-1',
          REHEARSE_URL: 'https://pr-1.preview.example.com',
          REHEARSE_SHA: sha(2),
          REHEARSE_ARTIFACT: `shop:${sha(2)}`,
          DATABASE: 'preview_1'
        })
      }
    ])
    expect(states(deps, 'preview/pr-1')).toEqual(['inactive', 'inactive'])
    expect(states(deps, 'preview/pr-12')).toEqual(['success'])
    const listed = await deps.ledger.environmentsNamed('preview/pr-')
    expect(listed.map(e => e.name)).toEqual(['preview/pr-12'])
    const teardownStatus = deps.ledger
      .snapshot()
      .statuses[sha(2)]?.filter(
        s => s.context === 'rehearse/preview/pr-1/teardown'
      )
    expect(teardownStatus?.map(s => s.state)).toEqual(['success'])
    expect(deps.locks.snapshot()).toEqual({})
  })

  it('runs nothing again for an instance torn down before', async () => {
    const deps = memoryDeps()
    await deploy(deps, 'preview/pr-1', 1)
    await teardown(deps, 'preview/pr-1')
    const again = await teardown(deps, 'preview/pr-1')
    expect(again).toMatchObject({
      status: 'skipped',
      description: 'Nothing to tear down: torn down before',
      run: undefined
    })
    expect(teardownsRun(deps)).toHaveLength(1)
  })

  it('skips an instance never deployed, without taking its lock', async () => {
    const deps = memoryDeps()
    const outcome = await teardown(deps, 'preview/pr-7')
    expect(outcome).toMatchObject({
      status: 'skipped',
      description: 'Nothing to tear down: preview/pr-7 was never deployed'
    })
    expect(deps.ran).toEqual([])
  })

  it('keeps the deployments when a teardown step fails, so a retry runs it again', async () => {
    let fail = true
    const deps = memoryDeps({
      answer: command => ({
        exitCode: command === './rollback.sh' && fail ? 3 : 0
      })
    })
    await deploy(deps, 'preview/pr-1', 1)
    const failed = await teardown(deps, 'preview/pr-1')
    expect(failed).toMatchObject({
      status: 'failure',
      reason: 'teardown_failed',
      retired: undefined
    })
    expect(states(deps, 'preview/pr-1')).toEqual(['success'])
    fail = false
    expect((await teardown(deps, 'preview/pr-1')).status).toBe('success')
    expect(teardownsRun(deps)).toHaveLength(2)
    expect(states(deps, 'preview/pr-1')).toEqual(['inactive'])
  })

  it('refuses while a deploy of the same pull request holds its lock', async () => {
    const deps = memoryDeps()
    await deploy(deps, 'preview/pr-1', 1)
    await deps.locks.acquire('preview/pr-1', {
      owner: 'bob',
      reason: 'deploy-to-staging',
      runId: 'run-2',
      kind: 'run',
      leaseMinutes: 60
    })
    await expect(teardown(deps, 'preview/pr-1')).rejects.toMatchObject({
      reason: 'environment_locked'
    })
    expect(teardownsRun(deps)).toEqual([])
  })

  it.each([
    ['staging', 'not_per_pr'],
    ['preview', 'not_per_pr'],
    ['production', 'production_environment']
  ])('refuses %s: it is no pull request environment', async (name, reason) => {
    await expect(teardown(memoryDeps(), name)).rejects.toMatchObject({
      reason
    })
  })
})

describe('idle pull request environments', () => {
  const idlePlan = plan().replace(
    '    per-pr: true\n',
    '    per-pr: true\n    max-idle-days: 2\n'
  )

  it('are the instances not deployed for longer than max-idle-days, oldest first', async () => {
    const deps = memoryDeps()
    await deploy(deps, 'preview/pr-3', 1, idlePlan)
    deps.clock.advance(DAY)
    await deploy(deps, 'preview/pr-1', 1, idlePlan)
    deps.clock.advance(2 * DAY)
    await deploy(deps, 'preview/pr-2', 2, idlePlan)
    const loaded = load('preview', idlePlan)
    const idleNow = async () =>
      (await idleInstances(loaded, 'preview', deps, deps.clock.now())).map(
        e => e.name
      )
    // pr-1: exactly two days, not longer.
    expect(await idleNow()).toEqual(['preview/pr-3'])
    deps.clock.advance(60_000)
    expect(await idleNow()).toEqual(['preview/pr-3', 'preview/pr-1'])

    await teardown(deps, 'preview/pr-3', idlePlan)
    expect(await idleNow()).toEqual(['preview/pr-1'])
  })

  it('are none without max-idle-days, and only a per-PR environment has them', async () => {
    const deps = memoryDeps()
    await deploy(deps, 'preview/pr-1', 1)
    deps.clock.advance(400 * DAY)
    const loaded = load('preview')
    expect(
      await idleInstances(loaded, 'preview', deps, deps.clock.now())
    ).toEqual([])
    await expect(
      idleInstances(loaded, 'staging', deps, deps.clock.now())
    ).rejects.toMatchObject({ reason: 'not_per_pr' })
  })
})
