import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import type { RunActionResult, SeedPullInput } from '@rehearse/bench'
import { startPrFixture } from './fixture.js'
import type { PrFixture } from './fixture.js'
import { heldLockRefs } from '../support/index.js'

let f: PrFixture
beforeAll(async () => {
  f = await startPrFixture()
})
beforeEach(() => f.reset())
afterEach(() => expect(f.gh.violations).toEqual([]))
afterAll(() => f.close())

/** Nothing deployed, no lock, no `rehearse/*` status left pending. */
function expectNothingLeft(): void {
  expect(f.gh.state.deployments).toEqual([])
  expect(heldLockRefs(f.gh)).toEqual([])
  expect(
    f.gh.state.commitStatuses.filter(s => s.context.startsWith('rehearse/'))
  ).toEqual([])
}

function expectRefused(result: RunActionResult, reason: string): void {
  expect(result.outputs).toMatchObject({ continue: 'false', reason })
  expect(result.main.exitCode).toBe(1)
  expect(result.annotations.map(a => a.message).join('\n')).toContain(
    `(${reason})`
  )
  expectNothingLeft()
}

// Most cases run main only: a refusal is complete when main ends, and the
// cases that run post too show it adds nothing.

// The fork's head is PR #42's commit (set in the test); only its
// repository differs.
const FORK = { ref: 'feature', sha: '', repo: 'mallory/widgets' }

/** A new head for PR #42 without any CI result yet. */
async function newHead(): Promise<string> {
  await f.repo.checkout('feature')
  const sha = await f.repo.commit({
    files: { 'app.txt': `v${Date.now()}\n` },
    message: 'more'
  })
  await f.repo.checkout('main')
  await f.gh.syncRefsFromGit()
  return sha
}

describe('pr-command refuses, leaving nothing behind', () => {
  it.each([
    ['a read-only user', 'reader'],
    ['a triage user', 'triager'],
    ['someone who is no collaborator', 'stranger']
  ])('%s: permission_denied, with 👎 and no reply', async (_who, login) => {
    const payload = f.comment('.deploy', { login })
    const result = await f.command(payload)
    expectRefused(result, 'permission_denied')
    expect(f.reactions(payload.comment.id)).toEqual(['-1'])
    expect(f.comments()).toEqual([])
  })

  it('an error from the permission API: permission_unavailable', async () => {
    f.gh.inject({
      kind: 'status',
      status: 502,
      operationId: 'repos/get-collaborator-permission-level',
      times: 2
    })
    expectRefused(
      await f.commandMain(f.comment('.deploy')),
      'permission_unavailable'
    )
  })

  it.each<[string, Partial<SeedPullInput>, string]>([
    ['a fork', { head: FORK }, 'pr_from_fork'],
    ['a draft', { draft: true }, 'pr_draft'],
    ['a non-default base', { base: { ref: 'release' } }, 'non_default_base'],
    ['a closed pull request', { state: 'closed' }, 'pr_closed']
  ])('%s: %s, with a reply saying why', async (_what, change, reason) => {
    const head = { ref: 'feature', ...change.head, sha: f.headSha }
    f.gh.seedPull({ number: 42, ...change, head })
    const payload = f.comment('.deploy')
    expectRefused(await f.commandMain(payload), reason)
    expect(f.reactions(payload.comment.id).sort()).toEqual(['-1', 'eyes'])
    expect(f.comments()[0]?.body).toContain(`refused (\`${reason}\`)`)
  })

  it('a fork, a draft or another base when the environment allows it: accepted', async () => {
    const head = { ...FORK, sha: f.headSha }
    f.gh.seedPull({ number: 42, head, draft: true, base: { ref: 'release' } })
    const result = await f.commandMain(f.comment('.noop'), {
      inputs: {
        'allow-forks': 'staging',
        'allow-drafts': 'preview, staging',
        'allow-non-default-base': 'staging'
      }
    })
    expect(result.outputs).toMatchObject({ continue: 'true', sha: f.headSha })
  })

  it.each([
    ['an edited comment', { action: 'edited' as const }, 'comment_not_created'],
    ['a comment on an issue', { onPullRequest: false }, 'not_a_pull_request']
  ])(
    'ignores %s (%s) without touching GitHub',
    async (_what, options, reason) => {
      const before = f.gh.requests.length
      const result = await f.command(f.comment('.deploy', options))
      expect(result.main.exitCode).toBe(0)
      expect(result.outputs).toMatchObject({ continue: 'false', reason })
      expect(f.gh.requests.length).toBe(before)
    }
  )

  it.each([
    ['a failed check', 'test', 'failure', 'check', 'checks_failed'],
    ['a cancelled check', 'test', 'cancelled', 'check', 'checks_failed'],
    ['a failed status', 'ci/e2e', 'failure', 'status', 'checks_failed'],
    ['a running check', 'test', null, 'check', 'checks_pending'],
    ['a pending status', 'ci/e2e', null, 'status', 'checks_pending']
  ] as const)(
    'CI with %s: %s',
    async (_what, name, conclusion, kind, reason) => {
      await f.ci(f.headSha, name, conclusion, kind)
      expectRefused(await f.commandMain(f.comment('.deploy')), reason)
    }
  )

  it.each([
    ['a named check that never reported', 'e2e', 'checks_pending'],
    [
      'required checks the base branch does not define',
      'required',
      'checks_unavailable'
    ]
  ])('require-checks with %s: %s', async (_what, requirement, reason) => {
    const result = await f.commandMain(f.comment('.deploy'), {
      inputs: { 'require-checks': requirement }
    })
    expectRefused(result, reason)
  })

  it('require-checks naming a green check: accepted', async () => {
    const result = await f.commandMain(f.comment('.noop'), {
      inputs: { 'require-checks': 'build, ci/lint' }
    })
    expect(result.outputs.continue).toBe('true')
  })

  it('a failing check on the second page of checks: checks_failed', async () => {
    await f.ci(f.headSha, 'e2e (oldest)', 'failure')
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          f.ci(f.headSha, `unit ${batch * 20 + i}`, 'success')
        )
      )
    }
    const result = await f.commandMain(f.comment('.deploy'))
    expectRefused(result, 'checks_failed')
    expect(
      f.gh.requestsFor('checks/list-for-ref').map(r => r.query.page ?? '1')
    ).toEqual(['1', '2'])
    expect(result.annotations[0]?.message).toContain('e2e (oldest)')
  })

  it('a newer passing re-run wins over the failed run it repeats', async () => {
    await f.ci(f.headSha, 'flaky', 'failure')
    await f.ci(f.headSha, 'flaky', 'success')
    const result = await f.commandMain(f.comment('.noop'))
    expect(result.outputs.continue).toBe('true')
  })

  it('no CI result at all: checks_unavailable', async () => {
    const sha = await newHead()
    f.gh.seedPull({ number: 42, head: { ref: 'feature', sha } })
    expectRefused(
      await f.commandMain(f.comment('.deploy')),
      'checks_unavailable'
    )
  })

  it('a page of checks for another commit: checks_unavailable', async () => {
    f.gh.inject({
      kind: 'corrupt-response',
      operationId: 'checks/list-for-ref',
      mutate: body => {
        const page = body as { check_runs: { head_sha: string }[] }
        for (const run of page.check_runs) run.head_sha = f.mainSha
        return page
      }
    })
    expectRefused(
      await f.commandMain(f.comment('.deploy')),
      'checks_unavailable'
    )
  })

  it('the head moving while the command is checked: ref_changed, lock given back', async () => {
    const moved = await newHead()
    await f.ci(moved, 'build', 'success')
    f.gh.inject({
      kind: 'slow',
      ms: 800,
      operationId: 'git/create-ref'
    })
    const running = f.command(f.comment('.deploy'))
    while (f.gh.requestsFor('git/create-ref').length === 0) await sleep(20)
    f.gh.seedPull({ number: 42, head: { ref: 'feature', sha: moved } })
    const result = await running
    expectRefused(result, 'ref_changed')
    expect(result.outputs.sha).toBe('')
    expect(f.gh.requestsFor('git/create-ref')).toHaveLength(1)
  })

  it.each([
    ['production', '.deploy production', 'production_environment'],
    ['an unknown environment', '.deploy qa', 'unknown_environment'],
    [
      'a rollback of production',
      '.rollback production',
      'production_environment'
    ],
    ['bad parameters', '.deploy staging now', 'invalid_command']
  ])('%s: %s', async (_what, body, reason) => {
    expectRefused(await f.commandMain(f.comment(body)), reason)
  })

  it('a plan not from the default branch: untrusted_plan', async () => {
    const result = await f.commandMain(f.comment('.deploy'), {
      extra: { github: { sha: f.headSha } }
    })
    expectRefused(result, 'untrusted_plan')
  })
})
