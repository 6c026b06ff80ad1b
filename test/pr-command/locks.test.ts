import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { createGitHubLocks, createOctokit } from '@rehearse/github'
import { startPrFixture } from './fixture.js'
import type { PrFixture } from './fixture.js'

let f: PrFixture
beforeAll(async () => {
  f = await startPrFixture()
})
beforeEach(() => f.reset())
afterEach(() => expect(f.gh.violations).toEqual([]))
afterAll(() => f.close())

const annotations = (result: { annotations: { message: string }[] }) =>
  result.annotations.map(a => a.message).join('\n')

function apiLocks(at: Date) {
  const octokit = createOctokit({
    token: 'other-runner',
    baseUrl: f.gh.url,
    env: {}
  })
  return createGitHubLocks({
    octokit,
    owner: 'acme',
    repo: 'widgets',
    clock: { now: () => at }
  })
}

describe('environment locks', () => {
  it('lets exactly one of two concurrent .deploy commands for one environment run', async () => {
    const first = f.comment('.deploy')
    const second = f.comment('.deploy staging')
    const mains = await Promise.all([
      f.commandMain(first),
      f.commandMain(second)
    ])
    const winners = mains.filter(m => m.outputs.continue === 'true')
    const losers = mains.filter(m => m.outputs.continue !== 'true')
    expect(winners).toHaveLength(1)
    expect(losers.map(m => m.outputs.reason)).toEqual(['environment_locked'])
    expect(annotations(losers[0] ?? { annotations: [] })).toMatch(
      /staging is being deployed by @alice from #42/
    )
    expect(f.lockRef('staging')).toBeDefined()
    await Promise.all(mains.map(main => f.commandPost(main)))
    expect(f.lockRef('staging')).toBeUndefined()
  })

  it('.lock blocks other people’s deploys and deploy-to-staging, showing owner and reason', async () => {
    const lock = await f.command(
      f.comment('.lock staging --reason "QA in progress"')
    )
    expect(lock.main.exitCode).toBe(0)
    expect(lock.outputs).toMatchObject({
      command: 'lock',
      environment: 'staging'
    })
    expect(f.comments()[0]?.body).toContain('QA in progress')

    const bob = await f.command(f.comment('.deploy', { login: 'bob' }))
    expect(bob.outputs.reason).toBe('environment_locked')
    expect(annotations(bob)).toMatch(
      /staging is locked by @alice from #42: "QA in progress"/
    )

    const push = await f.action('deploy-to-staging', { sha: f.mainSha })
    expect(push.main.exitCode).toBe(1)
    expect(push.outputs.reason).toBe('environment_locked')
    expect(annotations(push)).toMatch(
      /locked by @alice from #42: "QA in progress"/
    )
    expect(f.gh.state.deployments).toEqual([])
  })

  it('.lock production blocks promotion with the owner and reason in the gate', async () => {
    await f.command(
      f.comment('.lock production --reason "release freeze"', { login: 'mia' })
    )
    const promote = await f.action('promote-to-prod')
    expect(promote.main.exitCode).toBe(1)
    expect(promote.outputs.reason).toBe('environment_locked')
    expect(promote.summary).toMatch(
      /promote-to-prod refused[\s\S]*production is locked by @mia from #42: "release freeze"/
    )
    expect(annotations(promote)).toMatch(
      /locked by @mia from #42: "release freeze"/
    )
    expect(
      f.gh.state.deployments.filter(d => d.environment === 'production')
    ).toEqual([])
  })

  it('lets the lock holder deploy inside their lock, which holds again afterwards', async () => {
    await f.command(f.comment('.lock --reason "testing my PR"'))
    const { command, deploy, post } = await f.job(f.comment('.deploy'))
    expect(command.outputs.continue).toBe('true')
    expect(deploy?.main.exitCode).toBe(0)
    expect(post.main.exitCode).toBe(0)
    const lock = await apiLocks(new Date()).read('staging')
    expect(lock).toMatchObject({
      owner: 'alice',
      kind: 'hold',
      reason: 'testing my PR'
    })
    const unlock = await f.command(f.comment('.unlock', { login: 'bob' }))
    expect(unlock.main.exitCode).toBe(0)
    expect(f.lockRef('staging')).toBeUndefined()
  })

  it('leaves a replacement lock in place when the first owner’s run cleans up', async () => {
    const payload = f.comment('.deploy')
    const main = await f.commandMain(payload)
    expect(main.outputs.continue).toBe('true')
    await f.command(f.comment('.unlock', { login: 'bob' }))
    await f.command(f.comment('.lock --reason "mine now"', { login: 'mia' }))
    const held = f.lockRef('staging')
    await f.commandPost(main)
    expect(f.lockRef('staging')).toBe(held)
    expect(await apiLocks(new Date()).read('staging')).toMatchObject({
      owner: 'mia',
      reason: 'mine now'
    })
    const result = f.comments().find(c => c.body.includes('result environment'))
    expect(result?.body).toContain('the new lock was left in place')
  })

  it('takes over a lock whose lease lapsed when its runner died', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    await apiLocks(twoHoursAgo).acquire('staging', {
      owner: 'bob',
      reason: '.deploy from #7',
      runId: 'killed-run',
      kind: 'run',
      leaseMinutes: 60
    })
    const { command, post } = await f.job(f.comment('.deploy'))
    expect(command.outputs.continue).toBe('true')
    expect(post.main.exitCode).toBe(0)
    expect(f.gh.state.deployments).toHaveLength(1)
    expect(f.lockRef('staging')).toBeUndefined()
  })
})
