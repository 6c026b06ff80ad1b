import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { startPrFixture } from './fixture.js'
import type { PrFixture } from './fixture.js'

let f: PrFixture
beforeAll(async () => {
  f = await startPrFixture()
})
beforeEach(() => f.reset())
afterEach(() => {
  expect(f.gh.violations).toEqual([])
  expect(f.gh.unknownRoutes).toEqual([])
})
afterAll(() => f.close())

const deployments = () => f.gh.state.deployments
const deployStatus = (sha: string) =>
  f.gh.state.commitStatuses
    .filter(s => s.sha === sha && s.context === 'rehearse/staging/deploy')
    .at(-1)

/** A new head for PR #42 whose apply step is `script`, with green CI. */
async function pushHead(script: string): Promise<string> {
  await f.repo.checkout('feature')
  const sha = await f.repo.commit({
    files: { 'deploy/apply.sh': `#!/usr/bin/env bash\n${script}\n` },
    message: 'change apply'
  })
  await f.repo.checkout('main')
  await f.gh.syncRefsFromGit()
  f.gh.seedPull({ number: 42, head: { ref: 'feature', sha } })
  await f.ci(sha, 'build', 'success')
  return sha
}

describe('pr-command .deploy', () => {
  it('deploys exactly the PR head for a writer, with 👀, 🚀 and one result comment updated in place', async () => {
    const first = f.comment('.deploy')
    const { command, deploy, post } = await f.job(first)
    expect(command.outputs).toEqual({
      continue: 'true',
      command: 'deploy',
      sha: f.headSha,
      ref: 'feature',
      environment: 'staging',
      noop: 'false',
      'pr-number': '42',
      reason: ''
    })
    expect(deploy?.main.exitCode).toBe(0)
    expect(post.main.exitCode).toBe(0)
    expect(deployments()).toHaveLength(1)
    expect(deployments()[0]).toMatchObject({
      sha: f.headSha,
      ref: f.headSha,
      environment: 'staging'
    })
    expect(f.reactions(first.comment.id).sort()).toEqual(['eyes', 'rocket'])
    const [reply] = f.comments()
    expect(f.comments()).toHaveLength(1)
    expect(reply?.body).toMatch(
      /^<!-- rehearse:pr-command result environment=staging -->\n### 🚀 staging: deployed `[0-9a-f]{7}`/
    )
    expect(reply?.body).toContain(`| commit | \`${f.headSha}\` |`)
    expect(reply?.body).toContain('[staging](https://staging.example.com)')
    expect(reply?.body).toMatch(
      /\| deploy \| ✅ success \| Deployed [0-9a-f]{7} in/
    )
    expect(reply?.body).toContain(
      '[run log](https://github.com/acme/widgets/actions/runs/'
    )
    expect(f.lockRef('staging')).toBeUndefined()

    const second = f.comment('.deploy staging', { login: 'bob' })
    const again = await f.job(second)
    expect(again.post.main.exitCode).toBe(0)
    expect(f.comments()).toHaveLength(1)
    expect(f.comments()[0]?.body).toContain('by @bob on #42')
    expect(f.reactions(second.comment.id).sort()).toEqual(['eyes', 'rocket'])
  })

  it('releases its lock in post and reports a cancelled deploy', async () => {
    const slow = await pushHead('echo started\nsleep 20')
    const payload = f.comment('.deploy')
    const runId = 777
    const main = await f.commandMain(payload, { runId })
    expect(main.outputs.sha).toBe(slow)
    expect(f.lockRef('staging')).toBeDefined()
    await f.repo.git('checkout', '-q', '--detach', slow)
    const deploy = await f.action(
      'deploy-to-staging',
      { sha: slow },
      {
        github: { runId },
        cancel: { whenLine: /started/ }
      }
    )
    await f.repo.checkout('main')
    expect(deploy.cancelled).toBe(true)
    const post = await f.commandPost(main, { runId })
    expect(post.main.exitCode).toBe(0)
    expect(f.lockRef('staging')).toBeUndefined()
    expect(f.comments()[0]?.body).toContain('cancelled')
    expect(f.reactions(payload.comment.id)).toContain('-1')
  })

  it('reports a failed deploy with 👎 and the failing step, and frees the lock', async () => {
    await pushHead('echo boom >&2\nexit 3')
    const payload = f.comment('.deploy')
    const { deploy, post } = await f.job(payload)
    expect(deploy?.main.exitCode).toBe(1)
    expect(post.main.exitCode).toBe(0)
    expect(f.comments()[0]?.body).toMatch(/### ❌ staging: deploy of/)
    expect(f.comments()[0]?.body).toContain('Step &quot;Apply&quot; failed')
    expect(f.reactions(payload.comment.id).sort()).toEqual(['-1', 'eyes'])
    expect(f.lockRef('staging')).toBeUndefined()
  })

  it('marks the deploy as never run when the job died before the deploy step', async () => {
    const payload = f.comment('.deploy')
    const main = await f.commandMain(payload)
    expect(deployStatus(f.headSha)).toMatchObject({ state: 'pending' })
    await f.commandPost(main)
    expect(deployStatus(f.headSha)).toMatchObject({
      state: 'error',
      description: 'The job ended before the deploy step ran'
    })
    expect(f.comments()[0]?.body).toContain('never ran')
    expect(f.lockRef('staging')).toBeUndefined()
    expect(deployments()).toEqual([])
  })

  it('runs .noop without a lock, a status or a deployment', async () => {
    const payload = f.comment('.deploy noop')
    const { command, deploy } = await f.job(payload)
    expect(command.outputs).toMatchObject({
      continue: 'true',
      command: 'noop',
      noop: 'true',
      sha: f.headSha
    })
    expect(deploy?.log).toContain(
      'noop: staging would run deploy (deploy steps: Build, Apply)'
    )
    expect(deployments()).toEqual([])
    expect(deployStatus(f.headSha)).toBeUndefined()
    expect(f.gh.requestsFor('git/create-ref')).toEqual([])
    expect(f.comments()[0]?.body).toContain('🧪 staging: noop for')
  })
})
