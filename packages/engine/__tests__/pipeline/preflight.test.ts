import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { runEnvironment } from '../../src/pipeline/run-environment.js'
import type { RunRequest } from '../../src/pipeline/types.js'
import { SHA, fakeStage, memoryDeps, planOf } from './pipeline-fixture.js'
import type { Journal } from './pipeline-fixture.js'

// Every check comes before any side effect: nothing recorded, no step run,
// no stage run, no lock left, whichever check refuses.

const PLAN = `version: 1
deploy:
  - run: ./deploy.sh
environments:
  qa: { url: https://qa.example.com }
  staging: { url: https://staging.example.com, requires: [qa] }
  production:
    url: https://example.com
    requires: [staging]
    soak-minutes: 30
    hosts: ['db.prod.internal', '127.0.0.1:5432']
`

function request(
  journal: Journal,
  environment: string,
  extra: Partial<RunRequest> = {},
  reaches: { where: string; text: string }[] = []
): RunRequest {
  const plan = planOf(PLAN, environment) as ReturnType<typeof planOf> & {
    workspace: string
  }
  return {
    plan,
    environment,
    workspace: plan.workspace,
    sha: SHA,
    ref: 'main',
    stages: {
      migrations: fakeStage('migrations', journal, { reaches }),
      deploy: true,
      smoke: fakeStage('smoke', journal)
    },
    ...extra
  }
}

async function refusal(promise: Promise<unknown>): Promise<ConfigurationError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    return error as ConfigurationError
  }
  throw new Error('the run was not refused')
}

const nothingHappened = (
  deps: ReturnType<typeof memoryDeps>,
  journal: Journal
) => {
  expect(journal.filter(line => line.startsWith('run '))).toEqual([])
  expect(deps.ran).toEqual([])
  expect(deps.ledger.snapshot()).toEqual({
    deployments: [],
    statuses: {},
    reports: {}
  })
}

describe('preflight', () => {
  it.each([
    [
      'the production database by another name',
      'postgres://u:pw@localhost:5432/app'
    ],
    ['a production host only hosts: names', 'postgres://db.prod.internal/app'],
    ['percent-encoded', 'https://example%2Ecom/'],
    ['upper case with a trailing dot', 'https://EXAMPLE.com./']
  ])(
    'refuses a stage that would reach %s, writing nothing',
    async (_case, url) => {
      const journal: Journal = []
      const deps = memoryDeps()
      // qa has no requires: only the boundary can refuse.
      const error = await refusal(
        runEnvironment(
          request(journal, 'qa', {}, [
            { where: 'the database URL', text: url }
          ]),
          deps
        )
      )
      expect(error.reason).toBe('boundary_violation')
      expect(error.message).not.toContain('pw')
      nothingHappened(deps, journal)
      expect(deps.locks.snapshot()).toEqual({})
    }
  )

  it('refuses a per-PR environment itself (only its instances run), writing nothing', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const plan = planOf(
      `${PLAN}  preview: { per-pr: true, url: 'https://pr-\${{ pr }}.example.com' }\n`,
      'preview'
    ) as ReturnType<typeof planOf> & { workspace: string }
    const error = await refusal(
      runEnvironment(
        { ...request(journal, 'qa'), plan, environment: 'preview' },
        deps
      )
    )
    expect(error.reason).toBe('invalid_plan')
    expect(error.message).toContain('e.g. preview/pr-42')
    nothingHappened(deps, journal)
    expect(journal).toEqual([])
    expect(deps.locks.snapshot()).toEqual({})
  })

  it('refuses a checkout that is not the SHA before preparing anything', async () => {
    const journal: Journal = []
    const deps = memoryDeps({
      source: {
        headSha: async () => 'c'.repeat(40),
        treeOf: async () => 't',
        isOnDefaultBranch: async () => true
      }
    })
    const error = await refusal(runEnvironment(request(journal, 'qa'), deps))
    expect(error.reason).toBe('sha_mismatch')
    expect(journal).toEqual([])
    nothingHappened(deps, journal)
  })

  it('enforces requires on a non-production environment with the gate’s reasons', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const outcome = await runEnvironment(request(journal, 'staging'), deps)
    expect(outcome).toMatchObject({ status: 'refused', reason: 'no_rehearsal' })
    expect(journal).toEqual(['prepare migrations', 'prepare smoke'])
    expect(deps.ran).toEqual([])
    // The refusal is recorded where required checks read it; nothing else.
    const statuses = deps.ledger.snapshot().statuses[SHA] ?? []
    expect(statuses.map(s => [s.context, s.state])).toEqual([
      ['rehearse/staging/deploy', 'failure']
    ])
    expect(deps.locks.snapshot()).toEqual({})
    // Once qa rehearsed the code, staging runs.
    await runEnvironment(request([], 'qa'), deps)
    expect((await runEnvironment(request([], 'staging'), deps)).status).toBe(
      'success'
    )
  })

  it('keeps production’s migrations from running while soak is pending', async () => {
    const deps = memoryDeps()
    await runEnvironment(request([], 'qa'), deps)
    await runEnvironment(request([], 'staging'), deps)
    const journal: Journal = []
    const outcome = await runEnvironment(request(journal, 'production'), deps)
    expect(outcome).toMatchObject({ status: 'refused', reason: 'soak_pending' })
    expect(journal).toEqual(['prepare migrations', 'prepare smoke'])
    deps.clock.advance(31 * 60_000)
    const later = await runEnvironment(request(journal, 'production'), deps)
    expect(later.status).toBe('success')
    expect(journal.slice(2)).toEqual([
      'prepare migrations',
      'prepare smoke',
      'run migrations',
      'run smoke'
    ])
  })

  it('waits for another run’s lock, naming it, and refuses once the wait is over', async () => {
    const deps = memoryDeps()
    await deps.locks.acquire('qa', {
      owner: 'bob',
      reason: 'push deploy',
      runId: 'run-9',
      kind: 'run',
      leaseMinutes: 60
    })
    const journal: Journal = []
    const error = await refusal(
      runEnvironment(request(journal, 'qa', { lockWaitMs: 60_000 }), deps)
    )
    expect(error.reason).toBe('environment_locked')
    expect(error.message).toMatch(
      /qa is being deployed by @bob.* Waited 60 s for it\. Run again once it is released/
    )
    expect(deps.lines.filter(l => l.includes('Waiting up to'))).toHaveLength(1)
    nothingHappened(deps, journal)
    expect(deps.locks.snapshot().qa).toMatchObject({ runId: 'run-9' })
  })

  it('takes the lock once its holder gives it back during the wait', async () => {
    const deps = memoryDeps()
    const held = await deps.locks.acquire('qa', {
      owner: 'bob',
      reason: 'push deploy',
      runId: 'run-9',
      kind: 'run',
      leaseMinutes: 60
    })
    if (!held.acquired) throw new Error('not held')
    let waits = 0
    const waiting = {
      ...deps,
      sleep: async (ms: number) => {
        deps.clock.advance(ms)
        if (++waits === 2) await deps.locks.release('qa', held.lock)
      }
    }
    const outcome = await runEnvironment(
      request([], 'qa', { lockWaitMs: 60_000 }),
      waiting
    )
    expect(outcome.status).toBe('success')
    expect(waits).toBe(2)
  })

  it('refuses at once a lock someone took on purpose, even its owner’s automation', async () => {
    const deps = memoryDeps()
    await deps.locks.acquire('qa', {
      owner: 'alice',
      reason: 'QA in progress',
      runId: 'h1',
      kind: 'hold'
    })
    const error = await refusal(
      runEnvironment(request([], 'qa', { lockWaitMs: 60_000 }), deps)
    )
    expect(error.message).toContain('qa is locked by @alice: "QA in progress"')
    expect(error.message).not.toContain('Waited')
    // A person at the keyboard may run inside their own hold.
    const mine = await runEnvironment(
      request([], 'qa', { nestInOwnHold: true }),
      deps
    )
    expect(mine.status).toBe('success')
    expect(deps.locks.snapshot().qa).toMatchObject({ kind: 'hold' })
  })

  it('stops before anything is written when the target moved', async () => {
    const journal: Journal = []
    const deps = memoryDeps()
    const moved = new ConfigurationError('#7 changed', {
      reason: 'ref_changed'
    })
    const error = await refusal(
      runEnvironment(
        request(journal, 'qa', {
          confirmTarget: async () => {
            throw moved
          }
        }),
        deps
      )
    )
    expect(error.reason).toBe('ref_changed')
    nothingHappened(deps, journal)
    expect(deps.locks.snapshot()).toEqual({})
  })
})
