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
afterEach(() => expect(f.gh.violations).toEqual([]))
afterAll(() => f.close())

const lastReply = () => f.comments().at(-1)?.body ?? ''

describe('pr-command answers', () => {
  it('.help from the plan and the inputs, with 🚀 and nothing for later steps', async () => {
    const payload = f.comment('/help')
    const result = await f.command(payload, {
      inputs: { prefix: '/', 'require-checks': 'build' }
    })
    expect(result.main.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ continue: 'false', command: 'help' })
    const help = lastReply()
    expect(help).toMatch(/^<!-- rehearse:pr-command help -->\n### 💡 Commands/)
    expect(help).toContain('`/deploy [env]`')
    expect(help).toContain('deployable from comments: staging (production only')
    expect(help).toContain('all environments: staging, production')
    expect(help).toContain('CI required before a deploy: build')
    expect(f.reactions(payload.comment.id).sort()).toEqual(['eyes', 'rocket'])
  })

  it('.status: what is deployed where, the locks, and this head’s stages', async () => {
    await f.deployed(f.headSha, 'success')
    await f.command(f.comment('.lock production --reason freeze'))
    const result = await f.command(f.comment('.status'))
    expect(result.main.exitCode).toBe(0)
    const status = lastReply()
    expect(status).toMatch(
      new RegExp(
        `\\| \\[staging\\]\\(https://staging.example.com\\) \\| \`${f.headSha.slice(0, 7)}\` success .* \\| free \\|`
      )
    )
    expect(status).toMatch(
      /production\]\(https:\/\/example.com\) \(production\) \| — \| 🔒 locked by @alice from #42: “freeze”/
    )
    expect(status).toMatch(
      /\| staging \| deploy \| success \| Deployed \\\(success\\\) by the test/
    )
    // .status is one comment, updated in place like the others.
    await f.command(f.comment('.status'))
    expect(
      f.comments().filter(c => c.body.includes('pr-command status'))
    ).toHaveLength(1)
  })

  it('.rollback redeploys the last good release before the current one', async () => {
    // Two good releases (the older one now inactive), then a broken one.
    const good = f.headSha
    await f.deployed(f.mainSha, 'success')
    await f.deployed(good, 'success')
    await f.repo.checkout('feature')
    const broken = await f.repo.commit({
      files: { 'app.txt': 'v3\n' },
      message: 'v3'
    })
    await f.repo.checkout('main')
    await f.gh.syncRefsFromGit()
    await f.deployed(broken, 'failure')
    const { command, deploy, post } = await f.job(f.comment('.rollback'))
    expect(command.outputs).toMatchObject({
      continue: 'true',
      command: 'rollback',
      sha: good,
      environment: 'staging'
    })
    expect(deploy?.main.exitCode).toBe(0)
    expect(post.main.exitCode).toBe(0)
    expect(lastReply()).toContain(
      `↩️ staging: rolled back to \`${good.slice(0, 7)}\``
    )
  })

  it('.rollback with nothing to roll back to: no_rollback_target', async () => {
    const result = await f.command(f.comment('.rollback'))
    expect(result.outputs.reason).toBe('no_rollback_target')
    expect(f.lockRef('staging')).toBeUndefined()
  })

  it('.lock twice by its owner says so; .unlock of a free environment says so', async () => {
    await f.command(f.comment('.lock'))
    const again = await f.command(f.comment('.lock'))
    expect(again.main.exitCode).toBe(0)
    expect(lastReply()).toContain('staging: already locked by you')
    await f.command(f.comment('.unlock'))
    expect(lastReply()).toContain('unlocked (it was held by @alice)')
    const idle = await f.command(f.comment('.unlock'))
    expect(idle.outputs.reason).toBe('not_locked')
    expect(lastReply()).toContain('staging: was not locked')
    expect(
      f.comments().filter(c => c.body.includes('pr-command lock'))
    ).toHaveLength(1)
  })
})
