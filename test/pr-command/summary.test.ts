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

/** The link GitHub shows for the bot's comment whose key is `key`. */
function linkToReply(key: string): string {
  const comment = f.gh.state.comments.find(
    c =>
      c.user === 'github-actions[bot]' &&
      c.body.startsWith(`<!-- rehearse:pr-command ${key} -->`)
  )
  expect(comment).toBeDefined()
  return `https://github.com/acme/widgets/pull/42#issuecomment-${comment?.id}`
}

describe("pr-command's job summary", () => {
  it('tells an accepted .deploy: who, what, why, then the outcome with the result comment', async () => {
    const { command, deploy, post } = await f.job(f.comment('.deploy'))
    expect(deploy?.main.exitCode).toBe(0)
    const decision = command.summary
    expect(decision).toContain('### ✅ `.deploy` accepted')
    expect(decision).toContain('`.deploy` by @alice on #42')
    expect(decision).toContain('| environment | staging |')
    expect(decision).toContain(`| commit | \`${f.headSha}\` |`)
    expect(decision).toMatch(
      /\| decision \| accepted: `[0-9a-f]{7}` is deployed/
    )
    expect(decision).toMatch(/\| why \| every check passed — permission, /)
    expect(decision).toContain('The outcome follows when the job ends')
    const outcome = post.summary
    expect(outcome).toContain('### `.deploy` on staging: 🚀 succeeded')
    expect(outcome).toMatch(/\| stages \| .*deploy ✅/)
    expect(outcome).toContain(
      `| result | [the result comment](${linkToReply('result environment=staging')}) |`
    )
  })

  it('tells a refusal with its reason code and message, linking the refusal comment', async () => {
    const result = await f.commandMain(f.comment('.deploy production'))
    expect(result.outputs.reason).toBe('production_environment')
    const summary = result.summary
    expect(summary).toContain(
      '### ⛔ `.deploy` refused (`production_environment`)'
    )
    expect(summary).toContain('`.deploy` by @alice on #42')
    expect(summary).toContain('| environment | production |')
    expect(summary).toContain(
      '| decision | refused (`production_environment`); nothing was deployed |'
    )
    expect(summary).toMatch(/\| why \| .*production/)
    expect(summary).toContain(
      `| reply | [the comment on the pull request](${linkToReply('result environment=production')}) |`
    )
  })

  it('tells a refusal without a reply (no permission): the reason, no link', async () => {
    const result = await f.commandMain(
      f.comment('.deploy', { login: 'reader' })
    )
    expect(result.outputs.reason).toBe('permission_denied')
    expect(f.comments()).toEqual([])
    expect(result.summary).toContain(
      '### ⛔ `.deploy` refused (`permission_denied`)'
    )
    expect(result.summary).toContain('`.deploy` by @reader on #42')
    expect(result.summary).toMatch(/\| why \| .*reader/)
    expect(result.summary).toContain('| reply | — |')
  })

  it('tells a command answered at once, with its reply', async () => {
    const result = await f.command(f.comment('.help'))
    expect(result.main.exitCode).toBe(0)
    expect(result.summary).toContain('### ✅ `.help` answered')
    expect(result.summary).toContain(
      `| reply | [the comment on the pull request](${linkToReply('help')}) |`
    )
  })

  it('says why a comment that is no command did nothing', async () => {
    const result = await f.command(f.comment('looks good to me'))
    expect(result.outputs.reason).toBe('no_command')
    expect(result.summary).toContain('### 💬 pr-command: nothing to do')
    expect(result.summary).toContain('No command: the comment is no command.')
    expect(result.summary).not.toContain('looks good')
  })
})
