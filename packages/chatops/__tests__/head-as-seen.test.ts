import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import { Octokit } from '@octokit/rest'
import { createGitRepo, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo } from '@rehearse/bench'
import { checkHeadAsSeen } from '../src/head-as-seen.js'
import type { GitHubRepo } from '../src/github-repo.js'
import { readPullHead } from '../src/pull-request.js'

let repo: GitRepo
let gh: Emulator
let github: GitHubRepo
let pr = 0

beforeAll(async () => {
  repo = await createGitRepo()
  await repo.commit({ message: 'init' })
  gh = await startEmulator({ owner: 'acme', repo: 'widgets', gitDir: repo.dir })
  // No retries: a failed request surfaces at once.
  const octokit = new Octokit({ auth: 'test', baseUrl: gh.url, log: quiet })
  github = { octokit, owner: 'acme', repo: 'widgets' }
})
afterEach(() => expect(gh.violations).toEqual([]))
afterAll(async () => {
  await gh?.close()
  await repo?.dispose()
})

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined
}

const COMMENTED = '2030-06-01T12:00:00Z'
const BEFORE = '2030-06-01T11:59:00Z'
const AFTER = '2030-06-01T12:00:30Z'

/**
 * A pull request whose head GitHub has no record of yet: a commit on a
 * branch the emulator never saw pushed, so no check suite exists.
 */
async function freshPull(): Promise<{ sha: string; number: number }> {
  pr += 1
  await repo.git('checkout', '-q', '-B', `topic-${pr}`, 'main')
  const sha = await repo.commit({ message: `topic ${pr}` })
  await repo.checkout('main')
  gh.seedPull({ number: pr, head: { ref: `topic-${pr}`, sha } })
  return { sha, number: pr }
}

const check = (
  head: { sha: string; number: number },
  commentedAt = COMMENTED
) =>
  checkHeadAsSeen(github, {
    sha: head.sha,
    prNumber: head.number,
    commentedAt
  })

describe('checkHeadAsSeen', () => {
  it('accepts a head whose first check suite is older than the comment', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: BEFORE })
    // A suite created later (a re-run, another app) does not move the arrival.
    gh.seedCheckSuite({ headSha: head.sha, createdAt: AFTER })
    const verdict = await check(head)
    expect(verdict.refusal).toBeUndefined()
    expect(verdict.notice).toBeUndefined()
    expect(verdict.records).toEqual([
      {
        source: 'check suite',
        at: BEFORE,
        what: expect.stringMatching(/^check suite \d+ of GitHub Actions$/)
      }
    ])
  })

  it('refuses a head that arrived after the comment: ref_changed', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: AFTER })
    const { refusal } = await check(head)
    expect(refusal?.reason).toBe('ref_changed')
    expect(refusal?.message).toMatch(
      new RegExp(
        `^the head ${head.sha.slice(0, 7)} of #${head.number} arrived at ${AFTER} \\(check suite \\d+ of GitHub Actions\\), after the comment at ${COMMENTED}.*Nothing was deployed`
      )
    )
  })

  it('counts a push in the same second as the comment as seen', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: COMMENTED })
    expect((await check(head)).refusal).toBeUndefined()
  })

  it('refuses an old commit force-pushed as the head after the comment', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: BEFORE })
    const other = await freshPull()
    const forcePush = (commitId: string, createdAt: string) =>
      gh.seedIssueEvent({
        issueNumber: head.number,
        event: 'head_ref_force_pushed',
        commitId,
        actor: 'mallory',
        createdAt
      })
    forcePush(other.sha, AFTER)
    forcePush(head.sha, BEFORE)
    expect((await check(head)).refusal).toBeUndefined()
    forcePush(head.sha, AFTER)
    const { refusal, records } = await check(head)
    expect(records).toHaveLength(3)
    expect(refusal?.reason).toBe('ref_changed')
    expect(refusal?.message).toContain(
      `arrived at ${AFTER} (head_ref_force_pushed by @mallory)`
    )
  })

  it('finds a force-push on a later page of a long timeline', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: BEFORE })
    for (let i = 0; i < 120; i++)
      gh.seedComment({
        issueNumber: head.number,
        body: `${i}`,
        createdAt: BEFORE
      })
    gh.seedIssueEvent({
      issueNumber: head.number,
      event: 'head_ref_force_pushed',
      commitId: head.sha,
      createdAt: AFTER
    })
    const pages = gh.requestsFor('issues/list-events-for-timeline').length
    expect((await check(head)).refusal?.reason).toBe('ref_changed')
    expect(
      gh
        .requestsFor('issues/list-events-for-timeline')
        .slice(pages)
        .map(r => r.query.page ?? '1')
    ).toEqual(['1', '2'])
  })

  it('lets a head without any record through, with a notice', async () => {
    const head = await freshPull()
    const verdict = await check(head)
    expect(verdict.refusal).toBeUndefined()
    expect(verdict.notice).toContain(
      `GitHub has no record of when ${head.sha.slice(0, 7)} arrived`
    )
  })

  it('fails closed when the records cannot be read: head_unverified', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: BEFORE })
    gh.inject({
      kind: 'status',
      status: 502,
      operationId: 'issues/list-events-for-timeline'
    })
    const { refusal } = await check(head)
    expect(refusal?.reason).toBe('head_unverified')
    expect(refusal?.message).toContain('could not be read (HTTP 502)')
  })

  it('fails closed on a comment time that is no date', async () => {
    const head = await freshPull()
    gh.seedCheckSuite({ headSha: head.sha, createdAt: BEFORE })
    const { refusal } = await check(head, 'soon')
    expect(refusal?.reason).toBe('head_unverified')
  })
})

describe('readPullHead', () => {
  it('reads the head and state as GitHub has them now', async () => {
    const head = await freshPull()
    expect(await readPullHead(github, head.number)).toEqual({
      sha: head.sha,
      state: 'open'
    })
    gh.seedPull({
      number: head.number,
      state: 'closed',
      head: { ref: 'x', sha: head.sha.toUpperCase() }
    })
    expect(await readPullHead(github, head.number)).toEqual({
      sha: head.sha,
      state: 'closed'
    })
  })
})
