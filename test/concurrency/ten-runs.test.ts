import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import type { RunActionResult } from '@rehearse/bench'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { STAGING_PLAN, createGuard } from './guard.js'
import type { Guard } from './guard.js'
import {
  deploymentStates,
  deploymentsOf,
  errorsOf,
  lockRefs,
  lostLockAttempts,
  pendingStatuses,
  waitFor
} from './records.js'

let p: Pipeline
let guard: Guard
beforeAll(async () => {
  guard = await createGuard()
})
beforeEach(async () => {
  await guard.reset()
  p = await startPipeline({ '.github/rehearse.yml': STAGING_PLAN })
})
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
})
afterAll(() => guard.dispose())

const RUNS = 10
// Ten workflow runs wait their turns one after another: generous, but
// still a bound (each step's own timeout stops a hung run).
const TIMEOUT = 400_000

/** One workflow run of deploy-to-staging: its own run id, actor and token. */
interface Run {
  readonly runId: string
  readonly actor: string
  readonly token: string
  readonly result: Promise<RunActionResult>
  done: RunActionResult | undefined
}

let nextRun = 7100

function startRuns(waitMinutes: string): Run[] {
  return Array.from({ length: RUNS }, (_, i) => {
    const runId = String(++nextRun)
    const token = `ghs_concurrency${runId}`
    const actor = `dev${i}`
    const run: Run = {
      runId,
      actor,
      token,
      done: undefined,
      result: p
        .run(
          'deploy-to-staging',
          { 'lock-wait-minutes': waitMinutes },
          {
            github: { runId, token, actor },
            env: guard.env,
            timeoutMs: 360_000
          }
        )
        .then(result => (run.done = result))
    }
    return run
  })
}

// The holders a run's log or refusal names: `@dev3: "deploy-to-staging in
// Rehearse run 7104"`.
function namedHolders(text: string): { actor: string; runId: string }[] {
  return [
    ...text.matchAll(
      /staging is being deployed by @(\S+): "deploy-to-staging in Rehearse run (\d+)"/g
    )
  ].map(([, actor = '', runId = '']) => ({ actor, runId }))
}

/** What must hold however the runs interleaved. */
async function expectOneCleanDeployment(runs: Run[]): Promise<void> {
  expect(await guard.overlaps()).toEqual([])
  const deployments = deploymentsOf(p.gh, 'staging', p.sha)
  expect(deployments).toHaveLength(1)
  expect(p.gh.state.deployments).toHaveLength(1)
  expect(deploymentStates(p.gh)).toEqual({
    [deployments[0]?.id ?? 0]: 'success'
  })
  expect(pendingStatuses(p.gh)).toEqual([])
  expect(lockRefs(p.gh)).toEqual([])
  // A post step never fails or warns about the lock.
  for (const run of runs) {
    expect(run.done?.post?.exitCode).toBe(0)
    expect(run.done?.annotations.filter(a => a.stage === 'post')).toEqual([])
  }
}

/** Each holder a run names deployed, and did so before the run did. */
async function expectHoldersNamedInOrder(runs: Run[]): Promise<void> {
  const order = (await guard.runs()).map(r => r.runId)
  const byId = new Map(runs.map(run => [run.runId, run]))
  for (const run of runs) {
    const named = namedHolders(run.done?.log ?? '')
    for (const holder of named) {
      expect(holder.runId).not.toBe(run.runId)
      expect(byId.get(holder.runId)?.actor).toBe(holder.actor)
      expect(order).toContain(holder.runId)
      if (order.includes(run.runId))
        expect(order.indexOf(holder.runId)).toBeLessThan(
          order.indexOf(run.runId)
        )
    }
  }
}

describe('ten concurrent deploy-to-staging runs of one SHA', () => {
  it(
    'with a lock wait: the other nine wait their turn, naming the holder, and all deploy one at a time',
    async () => {
      await guard.hold('deploy')
      const runs = startRuns('10')
      // The first to take the lock stops inside its deploy step until every
      // other run has found the lock taken at least once.
      await waitFor(
        'a run inside its deploy step',
        async () => (await guard.arrived('deploy')).length > 0
      )
      const [first] = await guard.arrived('deploy')
      const others = runs.filter(run => run.runId !== first)
      await waitFor('the nine others to find the lock taken', () =>
        others.every(run => lostLockAttempts(p.gh, run.token) > 0)
      )
      expect(others.filter(run => run.done)).toEqual([])
      await guard.release('deploy')
      await Promise.all(runs.map(run => run.result))

      for (const run of runs) {
        expect([run.runId, run.done?.main.exitCode]).toEqual([run.runId, 0])
        expect(run.done?.outputs.reason).toBe('')
      }
      const deployed = await guard.runs()
      expect(deployed.map(r => r.runId).sort()).toEqual(
        runs.map(run => run.runId).sort()
      )
      expect(deployed.every(r => r.sha === p.sha)).toBe(true)
      expect(deployed[0]?.runId).toBe(first)
      const holder = runs.find(run => run.runId === first)
      for (const run of others) {
        const log = run.done?.log ?? ''
        expect(log).toMatch(/Waiting up to \d+ s for it\./)
        expect(namedHolders(log)[0]).toEqual({
          actor: holder?.actor,
          runId: first
        })
      }
      await expectHoldersNamedInOrder(runs)
      await expectOneCleanDeployment(runs)
    },
    TIMEOUT
  )

  it(
    'with lock-wait-minutes 0: one deploys, the nine others stop at once naming it, writing nothing',
    async () => {
      await guard.hold('deploy')
      const runs = startRuns('0')
      await waitFor(
        'a run inside its deploy step',
        async () => (await guard.arrived('deploy')).length > 0
      )
      const [first] = await guard.arrived('deploy')
      const holder = runs.find(run => run.runId === first)
      const others = runs.filter(run => run !== holder)
      await waitFor('the nine others to end', () =>
        others.every(run => run.done !== undefined)
      )
      await guard.release('deploy')
      await Promise.all(runs.map(run => run.result))

      expect(holder?.done?.main.exitCode).toBe(0)
      for (const run of others) {
        expect(run.done?.main.exitCode).toBe(1)
        expect(run.done?.outputs.reason).toBe('environment_locked')
        const refusal = errorsOf(run.done as RunActionResult)
        expect(namedHolders(refusal)).toEqual([
          { actor: holder?.actor, runId: first }
        ])
        expect(refusal).toContain(
          'Run again once it is released, or wait longer for it (the lock-wait-minutes input).'
        )
        // Nothing but, at most, the lost attempt to create the lock branch
        // (a run that reads the lock as held first does not even try).
        const writes = p.gh.requests.filter(
          r => r.token === run.token && r.method !== 'GET'
        )
        const lockAttempt = [
          'git/create-tree',
          'git/create-commit',
          'git/create-ref'
        ]
        for (const write of writes)
          expect(lockAttempt).toContain(write.operationId)
      }
      expect((await guard.runs()).map(r => r.runId)).toEqual([first])
      await expectOneCleanDeployment(runs)
    },
    TIMEOUT
  )

  it(
    'started at once without a wait: each run deploys or stops naming a run that deployed',
    async () => {
      const runs = startRuns('0')
      await Promise.all(runs.map(run => run.result))
      const order = (await guard.runs()).map(r => r.runId)
      expect(order.length).toBeGreaterThan(0)
      for (const run of runs) {
        const result = run.done as RunActionResult
        if (result.main.exitCode === 0) {
          expect(order).toContain(run.runId)
          continue
        }
        expect(result.outputs.reason).toBe('environment_locked')
        expect(order).not.toContain(run.runId)
        const [named, ...more] = namedHolders(errorsOf(result))
        expect(more).toEqual([])
        expect(order).toContain(named?.runId)
      }
      await expectHoldersNamedInOrder(runs)
      await expectOneCleanDeployment(runs)
    },
    TIMEOUT
  )
})
