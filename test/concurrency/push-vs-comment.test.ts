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
import { startPrFixture } from '../pr-command/fixture.js'
import type { PrFixture } from '../pr-command/fixture.js'
import { commentJob, replyOf } from './comment-job.js'
import type { CommentJob } from './comment-job.js'
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

let f: PrFixture
let guard: Guard
beforeAll(async () => {
  guard = await createGuard()
  f = await startPrFixture({ plan: STAGING_PLAN })
})
beforeEach(async () => {
  f.reset()
  await guard.reset()
})
afterEach(() => {
  expect(f.gh.violations).toEqual([])
  expect(f.gh.unknownRoutes).toEqual([])
})
afterAll(async () => {
  await f.close()
  await guard.dispose()
})

const TIMEOUT = 180_000
const short = (sha: string) => sha.slice(0, 7)
let nextRun = 7300

/** Two workflow runs: the `.deploy` job and a push deploy of main. */
function runIds() {
  const comment = ++nextRun
  const push = ++nextRun
  return {
    comment: { runId: comment, token: `ghs_comment${comment}` },
    push: { runId: push, token: `ghs_push${push}` }
  }
}

/** deploy-to-staging as a push to main runs it, by @bob. */
function pushDeploy(
  run: { runId: number; token: string },
  waitMinutes = '10'
): Promise<RunActionResult> {
  return f.action(
    'deploy-to-staging',
    { sha: f.mainSha, 'lock-wait-minutes': waitMinutes },
    {
      github: { ...run, actor: 'bob' },
      env: guard.env,
      timeoutMs: 300_000
    }
  )
}

const COMMENT_HOLDER =
  /staging is being deployed by @alice from #42: "\.deploy"/

function pushHolder(runId: number): RegExp {
  return new RegExp(
    `staging is being deployed by @bob: "deploy-to-staging in Rehearse run ${runId}"`
  )
}

/** What must hold however the two interleaved. */
async function expectNoRaceLeftovers(): Promise<void> {
  expect(await guard.overlaps()).toEqual([])
  for (const sha of [f.mainSha, f.headSha])
    expect(deploymentsOf(f.gh, 'staging', sha).length).toBeLessThanOrEqual(1)
  // The last one deployed is live; one it replaced is inactive.
  const last = (await guard.runs()).at(-1)
  const states = deploymentStates(f.gh)
  for (const d of f.gh.state.deployments)
    expect([d.sha, states[d.id]]).toEqual([
      d.sha,
      d.sha === last?.sha ? 'success' : 'inactive'
    ])
  expect(pendingStatuses(f.gh)).toEqual([])
  expect(lockRefs(f.gh)).toEqual([])
}

function expectDeployedReply(): void {
  const reply = replyOf(f)
  expect(reply).toContain(`### 🚀 staging: deployed \`${short(f.headSha)}\``)
  expect(reply).toContain('| deploy | ✅ success |')
}

function expectRefusedReply(pushRunId: number): void {
  const reply = replyOf(f)
  expect(reply).toContain(
    '### ⛔ staging: `.deploy` refused (`environment_locked`)'
  )
  expect(reply).toMatch(pushHolder(pushRunId))
}

function expectCommentDeployed(job: CommentJob): void {
  expect(job.command.outputs).toMatchObject({
    continue: 'true',
    sha: f.headSha,
    'pr-number': '42'
  })
  expect(job.deploy?.main.exitCode).toBe(0)
  expect(job.post.main.exitCode).toBe(0)
  expect(deploymentsOf(f.gh, 'staging', f.headSha)).toHaveLength(1)
  expectDeployedReply()
}

function expectCommentRefused(job: CommentJob, pushRunId: number): void {
  expect(job.command.outputs).toMatchObject({
    continue: 'false',
    reason: 'environment_locked'
  })
  expect(errorsOf(job.command)).toMatch(pushHolder(pushRunId))
  expect(job.deploy).toBeUndefined()
  expect(job.post.main.exitCode).toBe(0)
  expect(deploymentsOf(f.gh, 'staging', f.headSha)).toEqual([])
  expectRefusedReply(pushRunId)
}

describe('a push deploy racing a .deploy comment', () => {
  it(
    'the comment holds staging: the push waits its turn, naming @alice from #42, then deploys',
    async () => {
      const ids = runIds()
      await guard.hold('deploy')
      const job = commentJob(f, f.comment('.deploy'), {
        ...ids.comment,
        env: guard.env
      })
      await waitFor('the comment deploy inside its deploy step', async () =>
        (await guard.arrived('deploy')).includes(String(ids.comment.runId))
      )
      const push = pushDeploy(ids.push)
      await waitFor(
        'the push deploy to find staging locked',
        () => lostLockAttempts(f.gh, ids.push.token) > 0
      )
      await guard.release('deploy')
      const [comment, pushed] = await Promise.all([job, push])

      expectCommentDeployed(comment)
      expect(pushed.main.exitCode).toBe(0)
      expect(pushed.log).toMatch(COMMENT_HOLDER)
      expect(pushed.log).toMatch(/Waiting up to \d+ s for it\./)
      expect(await guard.runs()).toEqual([
        {
          environment: 'staging',
          sha: f.headSha,
          runId: `${ids.comment.runId}`
        },
        { environment: 'staging', sha: f.mainSha, runId: `${ids.push.runId}` }
      ])
      expect(deploymentsOf(f.gh, 'staging', f.mainSha)).toHaveLength(1)
      await expectNoRaceLeftovers()
    },
    TIMEOUT
  )

  it(
    'the push holds staging: the .deploy is refused naming the push run, and the reply says so',
    async () => {
      const ids = runIds()
      await guard.hold('deploy')
      const push = pushDeploy(ids.push)
      await waitFor('the push deploy inside its deploy step', async () =>
        (await guard.arrived('deploy')).includes(String(ids.push.runId))
      )
      const comment = await commentJob(f, f.comment('.deploy'), {
        ...ids.comment,
        env: guard.env
      })
      await guard.release('deploy')
      const pushed = await push

      expectCommentRefused(comment, ids.push.runId)
      expect(pushed.main.exitCode).toBe(0)
      expect(await guard.runs()).toEqual([
        { environment: 'staging', sha: f.mainSha, runId: `${ids.push.runId}` }
      ])
      expect(deploymentsOf(f.gh, 'staging', f.mainSha)).toHaveLength(1)
      await expectNoRaceLeftovers()
    },
    TIMEOUT
  )

  it.each(['10', '0'])(
    'started at the same time (push lock-wait-minutes %s): each deploys in turn or is refused naming the other',
    async waitMinutes => {
      const ids = runIds()
      const [comment, pushed] = await Promise.all([
        commentJob(f, f.comment('.deploy'), {
          ...ids.comment,
          env: guard.env
        }),
        pushDeploy(ids.push, waitMinutes)
      ])
      const order = (await guard.runs()).map(r => Number(r.runId))
      const commentDeployed = comment.command.outputs.continue === 'true'
      if (commentDeployed) expectCommentDeployed(comment)
      else expectCommentRefused(comment, ids.push.runId)
      if (pushed.main.exitCode === 0) {
        expect(deploymentsOf(f.gh, 'staging', f.mainSha)).toHaveLength(1)
      } else {
        // Only a push that may not wait is refused, naming the comment.
        expect(waitMinutes).toBe('0')
        expect(commentDeployed).toBe(true)
        expect(pushed.outputs.reason).toBe('environment_locked')
        expect(errorsOf(pushed)).toMatch(COMMENT_HOLDER)
        expect(deploymentsOf(f.gh, 'staging', f.mainSha)).toEqual([])
      }
      expect(order.sort()).toEqual(
        [
          ...(commentDeployed ? [ids.comment.runId] : []),
          ...(pushed.main.exitCode === 0 ? [ids.push.runId] : [])
        ].sort()
      )
      await expectNoRaceLeftovers()
    },
    TIMEOUT
  )
})
