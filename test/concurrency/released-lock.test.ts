import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { STAGING_PLAN, createGuard } from './guard.js'
import type { Guard } from './guard.js'
import {
  deploymentsOf,
  errorsOf,
  lockRefs,
  pendingStatuses
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

const TIMEOUT = 120_000

function deploy(runId: number, waitMinutes: string) {
  return p.run(
    'deploy-to-staging',
    { 'lock-wait-minutes': waitMinutes },
    { github: { runId }, env: guard.env, timeoutMs: 100_000 }
  )
}

describe('a lock given back', () => {
  // Release swaps in a "released" commit and never deletes the branch (no
  // conditional delete on GitHub): the next run takes the free lock at once.
  it(
    'leaves a free branch that the next run takes at once, and deploys',
    async () => {
      const first = await deploy(7601, '10')
      expect(first.main.exitCode).toBe(0)
      expect(first.post?.exitCode).toBe(0)
      expect(lockRefs(p.gh)).toEqual([])
      const next = await deploy(7602, '0')
      expect(errorsOf(next)).toBe('')
      expect(next.main.exitCode).toBe(0)
      expect(deploymentsOf(p.gh, 'staging', p.sha)).toHaveLength(1)
      expect(pendingStatuses(p.gh)).toEqual([])
      expect(lockRefs(p.gh)).toEqual([])
      expect(p.gh.requests.filter(r => r.method === 'DELETE')).toEqual([])
    },
    TIMEOUT
  )
})
