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
import { PER_PR_PLAN } from './per-pr-fixture.js'

// `.deploy preview` on pull request #42, where `preview` is per-PR:
// pr-command checks the command, locks and reports on #42's own
// environment and outputs `environment: preview` with `pr-number: 42`;
// deploy-to-staging makes preview/pr-42 of it.

let f: PrFixture
beforeAll(async () => {
  f = await startPrFixture({ plan: PER_PR_PLAN })
})
beforeEach(() => f.reset())
afterEach(() => {
  expect(f.gh.violations).toEqual([])
  expect(f.gh.unknownRoutes).toEqual([])
})
afterAll(() => f.close())

const RESULT = '<!-- rehearse:pr-command result environment=preview/pr-42 -->'
const lockRefs = () =>
  [...f.gh.state.refs.keys()].filter(ref => ref.includes('rehearse-lock/'))

function expectDeployedToPr42(deploy: { outputs: Record<string, string> }) {
  expect(deploy.outputs['environment-url']).toBe(
    'https://pr-42.preview.example.com'
  )
  expect(f.gh.state.deployments).toEqual([
    expect.objectContaining({
      environment: 'preview/pr-42',
      sha: f.headSha,
      transientEnvironment: true
    })
  ])
  const [reply] = f.comments()
  expect(f.comments()).toHaveLength(1)
  expect(reply?.body.startsWith(RESULT)).toBe(true)
  // Markdown-escaped in the comment: preview/pr\-42.
  expect(reply?.body).toMatch(/### 🚀 preview\/pr\\-42: deployed `[0-9a-f]{7}`/)
  expect(reply?.body).toContain(
    '[preview/pr\\-42](https://pr-42.preview.example.com)'
  )
  const contexts = new Set(f.gh.state.commitStatuses.map(s => s.context))
  expect(contexts.has('rehearse/preview/deploy')).toBe(false)
  expect(
    f.gh.state.commitStatuses
      .filter(s => s.context === 'rehearse/preview/pr-42/deploy')
      .map(s => s.state)
  ).toEqual(['pending', 'pending', 'success'])
  // The pull request's own lock, given back; never the plan name's.
  expect(lockRefs()).toEqual(['refs/heads/rehearse-lock/preview/pr-42'])
  expect(f.lockRef('preview/pr-42')).toBeUndefined()
}

describe('.deploy of a per-PR environment', () => {
  it('deploys the pull request’s own environment, the event naming the pull request', async () => {
    const payload = f.comment('.deploy preview')
    const { command, deploy, post } = await f.job(payload, {
      deploy: { event: { name: 'issue_comment', payload } }
    })
    expect(command.outputs).toMatchObject({
      continue: 'true',
      environment: 'preview',
      'pr-number': '42',
      sha: f.headSha
    })
    expect(deploy?.main.exitCode).toBe(0)
    expect(post.main.exitCode).toBe(0)
    expectDeployedToPr42(deploy ?? { outputs: {} })
    expect(f.reactions(payload.comment.id).sort()).toEqual(['eyes', 'rocket'])
  })

  it('deploys it with pr-number passed, as workflows-examples/pr-redeploy.yml does', async () => {
    const payload = f.comment('.deploy preview')
    const runId = 4242
    const main = await f.commandMain(payload, { runId })
    expect(main.outputs.continue).toBe('true')
    expect(f.lockRef('preview/pr-42')).toBeDefined()
    await f.repo.git('checkout', '-q', '--detach', main.outputs.sha ?? '')
    const deploy = await f.action(
      'deploy-to-staging',
      {
        environment: main.outputs.environment ?? '',
        sha: main.outputs.sha ?? '',
        noop: main.outputs.noop ?? '',
        'pr-number': main.outputs['pr-number'] ?? ''
      },
      { github: { runId } }
    )
    await f.repo.checkout('main')
    expect(deploy.main.exitCode).toBe(0)
    const post = await f.commandPost(main, { runId })
    expect(post.main.exitCode).toBe(0)
    expectDeployedToPr42(deploy)
  })

  it('locks and unlocks the pull request’s own environment', async () => {
    const lock = await f.command(f.comment('.lock preview --reason "QA"'))
    expect(lock.main.exitCode).toBe(0)
    expect(f.lockRef('preview/pr-42')).toBeDefined()
    expect(lockRefs()).toEqual(['refs/heads/rehearse-lock/preview/pr-42'])
    const unlock = await f.command(f.comment('.unlock preview'))
    expect(unlock.main.exitCode).toBe(0)
    expect(f.lockRef('preview/pr-42')).toBeUndefined()
  })
})
