import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { startPrFixture } from '../pr-command/fixture.js'
import type { PrFixture } from '../pr-command/fixture.js'
import { commentJob, replyOf } from './comment-job.js'
import { createGuard, guardedPlan } from './guard.js'
import type { Guard } from './guard.js'
import {
  errorsOf,
  lockRefs,
  pendingStatuses,
  stageStates,
  waitFor
} from './records.js'

// Migrations run a command that stops while the test holds it: the head
// can be moved while the migrations stage runs.
const PLAN = guardedPlan(
  `  staging:
    url: https://staging.example.com`,
  `migrations:
  tool: command
  up: hold-point migrations
`
)

let f: PrFixture
let guard: Guard
beforeAll(async () => {
  guard = await createGuard()
  f = await startPrFixture({ plan: PLAN })
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

const TIMEOUT = 120_000
const short = (sha: string) => sha.slice(0, 7)
let nextRun = 7500

function run() {
  const runId = ++nextRun
  return { runId, token: `ghs_comment${runId}`, env: guard.env }
}

/** Someone pushes to the PR's branch: a new head, with green CI. */
async function pushHead(): Promise<string> {
  await f.repo.checkout('feature')
  const sha = await f.repo.commit({
    files: { 'app.txt': `pushed at ${Date.now()}\n` },
    message: 'pushed after the command'
  })
  await f.repo.checkout('main')
  await f.gh.syncRefsFromGit()
  f.gh.seedPull({ number: 42, head: { ref: 'feature', sha } })
  await f.ci(sha, 'build', 'success')
  return sha
}

function expectNothingDeployed(): void {
  expect(f.gh.state.deployments).toEqual([])
  expect(f.gh.requestsFor('repos/create-deployment')).toEqual([])
  expect(pendingStatuses(f.gh)).toEqual([])
  expect(lockRefs(f.gh)).toEqual([])
}

function refChanged(moved: string): string {
  return `#42 changed after the command was accepted (its head is now ${short(moved)}, the command was for ${short(f.headSha)}); nothing was deployed.`
}

/** pr-command accepts the head; then, before deploy-to-staging, a push. */
async function pushedBeforeDeploy() {
  let moved = ''
  const payload = f.comment('.deploy')
  const job = await commentJob(f, payload, {
    ...run(),
    beforeDeploy: async () => {
      moved = await pushHead()
    }
  })
  return { ...job, moved, commentId: payload.comment.id }
}

describe('a head pushed after pr-command accepted the command', () => {
  it(
    'before deploy-to-staging starts: ref_changed, nothing run or deployed, and the reply says it was not deployed',
    async () => {
      const { command, deploy, post, moved, commentId } =
        await pushedBeforeDeploy()
      expect(command.outputs).toMatchObject({
        continue: 'true',
        sha: f.headSha,
        'pr-number': '42'
      })
      expect(deploy?.main.exitCode).toBe(1)
      expect(deploy?.outputs.reason).toBe('ref_changed')
      expect(errorsOf(deploy ?? command)).toContain(refChanged(moved))
      expect(post.main.exitCode).toBe(0)
      expect(await guard.arrived('migrations')).toEqual([])
      expect(await guard.runs()).toEqual([])
      expectNothingDeployed()
      // Nothing of the run was written but pr-command's own queued status,
      // which its post step closed.
      expect(stageStates(f.gh, f.headSha, 'staging')).toEqual({
        deploy: 'error'
      })
      expect(stageStates(f.gh, moved, 'staging')).toEqual({})
      const reply = replyOf(f)
      expect(reply).toContain(
        `### ↪️ staging: \`${short(f.headSha)}\` not deployed — the head moved (\`ref_changed\`)`
      )
      expect(f.reactions(commentId).sort()).toEqual(['-1', 'eyes'])
    },
    TIMEOUT
  )

  // deploy-to-staging refuses in preflight, before it writes anything;
  // pr-command's post step finds its own queued status, sees the head
  // moved and says so.
  it(
    'before deploy-to-staging starts: the reply says the head moved (ref_changed)',
    async () => {
      const { moved } = await pushedBeforeDeploy()
      const reply = replyOf(f)
      expect(reply).not.toContain('The job ended before the deploy step ran')
      expect(reply).toMatch(/ref_changed|#42 changed after the command/)
      expect(reply).toContain(short(moved))
    },
    TIMEOUT
  )

  it(
    'while the migrations stage runs: ref_changed before the deployment is created, and the reply says so',
    async () => {
      const ids = run()
      const job = commentJob(f, f.comment('.deploy'), {
        ...ids,
        beforeDeploy: () => guard.hold('migrations')
      })
      await waitFor('the migrations stage to run', async () =>
        (await guard.arrived('migrations')).includes(String(ids.runId))
      )
      const moved = await pushHead()
      await guard.release('migrations')
      const { command, deploy, post } = await job

      expect(command.outputs.sha).toBe(f.headSha)
      expect(deploy?.main.exitCode).toBe(1)
      expect(deploy?.outputs.reason).toBe('ref_changed')
      expect(deploy?.outputs['deployment-id']).toBe('')
      expect(errorsOf(deploy ?? command)).toContain(refChanged(moved))
      expect(post.main.exitCode).toBe(0)
      // The deploy step never ran; the stages say where it stopped.
      expect(await guard.runs()).toEqual([])
      expectNothingDeployed()
      expect(stageStates(f.gh, f.headSha, 'staging')).toEqual({
        migrations: 'success',
        deploy: 'failure'
      })
      const reply = replyOf(f)
      expect(reply).toContain(
        `### ❌ staging: deploy of \`${short(f.headSha)}\` failed`
      )
      expect(reply).toContain('| migrations | ✅ success |')
      expect(reply).toMatch(
        /\| deploy \| ❌ failure \| #42 changed after the command was accepted/
      )
    },
    TIMEOUT
  )
})
