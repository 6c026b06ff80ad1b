import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { githubTime, startPrFixture } from './fixture.js'
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

const short = (sha: string) => sha.slice(0, 7)

/** A new commit on `feature`, made the PR's head; pushed unless told not to. */
async function newHead(options: { push?: boolean } = {}): Promise<string> {
  await f.repo.checkout('feature')
  const sha = await f.repo.commit({
    files: { 'app.txt': `v${Date.now()}\n` },
    message: 'more'
  })
  await f.repo.checkout('main')
  if (options.push !== false) await f.gh.syncRefsFromGit()
  f.gh.seedPull({ number: 42, head: { ref: 'feature', sha } })
  return sha
}

/** A pushed head with green CI: GitHub stamps its check suite now. */
async function pushHead(): Promise<string> {
  const sha = await newHead()
  await f.ci(sha, 'build', 'success')
  return sha
}

/** The reply's text with the Markdown escapes of `inert` undone. */
function replyText(): string {
  const body = f.comments()[0]?.body ?? ''
  return body
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(+code))
    .replace(/&quot;/g, '"')
    .replace(/\\(.)/g, '$1')
}

function expectNothingLeft(): void {
  expect(f.gh.state.deployments).toEqual([])
  expect(f.lockRef('staging')).toBeUndefined()
  expect(f.gh.requestsFor('git/create-ref')).toEqual([])
  expect(
    f.gh.state.commitStatuses.filter(s => s.context.startsWith('rehearse/'))
  ).toEqual([])
}

describe('pr-command deploys the head as the comment saw it', () => {
  it('a head pushed after the comment, before the workflow ran: ref_changed, nothing deployed', async () => {
    const commentedAt = githubTime(-60_000)
    const payload = f.comment('.deploy', { createdAt: commentedAt })
    const pushed = await pushHead()
    // The commit claims to be older than the comment: only GitHub's own
    // records of the push count.
    const committed = await f.repo.git('show', '-s', '--format=%cI', pushed)
    expect(Date.parse(committed.trim())).toBeLessThan(Date.parse(commentedAt))

    const { command, deploy, post } = await f.job(payload)

    expect(command.outputs).toMatchObject({
      continue: 'false',
      reason: 'ref_changed',
      sha: ''
    })
    expect(command.main.exitCode).toBe(1)
    expect(deploy).toBeUndefined()
    expect(post.main.exitCode).toBe(0)
    expectNothingLeft()
    expect(f.comments()).toHaveLength(1)
    const reply = replyText()
    expect(reply).toContain('.deploy` refused (`ref_changed`)')
    expect(reply).toMatch(
      new RegExp(
        `the head ${short(pushed)} of #42 arrived at \\S+Z \\(check suite \\d+ of GitHub Actions\\), after the comment at ${commentedAt}`
      )
    )
    expect(reply).toContain('Nothing was deployed')
    expect(reply).toContain('comment again to deploy it')
    expect(f.reactions(payload.comment.id).sort()).toEqual(['-1', 'eyes'])
  })

  it('a head that was there before the comment: accepted and deployed', async () => {
    const pushed = await pushHead()
    const { command, deploy } = await f.job(f.comment('.deploy'))
    expect(command.outputs).toMatchObject({
      continue: 'true',
      reason: '',
      sha: pushed
    })
    expect(deploy?.main.exitCode).toBe(0)
    expect(f.gh.state.deployments.map(d => d.sha)).toEqual([pushed])
    expect(f.lockRef('staging')).toBeUndefined()
    expect(f.gh.requestsFor('checks/list-suites-for-ref')).toHaveLength(1)
    expect(f.gh.requestsFor('issues/list-events-for-timeline')).toHaveLength(1)
  })

  it('a force-push back to an older commit after the comment: ref_changed', async () => {
    // The commit reached GitHub an hour ago; it became the head again later.
    f.gh.seedCheckSuite({
      headSha: f.headSha,
      createdAt: githubTime(-3_600_000)
    })
    const commentedAt = githubTime(-60_000)
    const payload = f.comment('.deploy', { createdAt: commentedAt })
    f.gh.seedIssueEvent({
      issueNumber: 42,
      event: 'head_ref_force_pushed',
      commitId: f.headSha,
      actor: 'bob',
      createdAt: githubTime()
    })
    const result = await f.command(payload)
    expect(result.outputs).toMatchObject({
      continue: 'false',
      reason: 'ref_changed'
    })
    expectNothingLeft()
    expect(replyText()).toContain(
      `the head ${short(f.headSha)} of #42 arrived at`
    )
    expect(replyText()).toContain('(head_ref_force_pushed by @bob)')
  })

  it('a force-push to the head before the comment: accepted', async () => {
    f.gh.seedIssueEvent({
      issueNumber: 42,
      event: 'head_ref_force_pushed',
      commitId: f.headSha,
      createdAt: githubTime(-30_000)
    })
    const result = await f.commandMain(f.comment('.noop'))
    expect(result.outputs).toMatchObject({
      continue: 'true',
      sha: f.headSha
    })
  })

  it("GitHub's records untrustworthy: head_unverified, nothing left", async () => {
    f.gh.inject({
      kind: 'corrupt-response',
      operationId: 'checks/list-suites-for-ref',
      mutate: body => {
        const page = body as { check_suites: { head_sha: string }[] }
        for (const suite of page.check_suites) suite.head_sha = f.mainSha
        return page
      }
    })
    const result = await f.command(f.comment('.deploy'))
    expect(result.outputs).toMatchObject({
      continue: 'false',
      reason: 'head_unverified'
    })
    expect(result.main.exitCode).toBe(1)
    expectNothingLeft()
    expect(replyText()).toContain(
      `could not be read (a page listed check suites of ${f.mainSha})`
    )
  })

  it('a timeline page that fails once is read again: accepted', async () => {
    f.gh.inject({
      kind: 'status',
      status: 502,
      operationId: 'issues/list-events-for-timeline'
    })
    const result = await f.commandMain(f.comment('.noop'))
    expect(result.outputs).toMatchObject({ continue: 'true' })
    expect(f.gh.requestsFor('issues/list-events-for-timeline')).toHaveLength(2)
  })

  it('no record of the head at all (CI reports only statuses): accepted, with a notice', async () => {
    // Never pushed to a branch the emulator saw, and no check run: no
    // check suite exists, as when no app with checks is installed.
    const sha = await newHead({ push: false })
    await f.ci(sha, 'ci/lint', 'success', 'status')
    const result = await f.commandMain(f.comment('.noop'))
    expect(result.outputs).toMatchObject({ continue: 'true', sha })
    expect(
      result.annotations.filter(a => a.level === 'notice').map(a => a.message)
    ).toEqual([
      expect.stringContaining(
        `GitHub has no record of when ${short(sha)} arrived`
      )
    ])
  })
})
