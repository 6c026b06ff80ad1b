import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createGitRepo,
  issueCommentCreated,
  runAction,
  startEmulator
} from '@rehearse/bench'
import type {
  IssueCommentPayload,
  RunActionOptions,
  RunActionResult
} from '@rehearse/bench'
import { Octokit } from '@octokit/rest'
import { lockBranch } from '@rehearse/github'
import { PLAN, SCRIPTS, root } from '../actions/pipeline-fixture.js'
import { mainOnlyAction, restore, seedDeployment } from './fixture-support.js'
import type { CommandRun, PrFixture } from './fixture-types.js'
import { heldLockRef } from '../support/index.js'

export type { CommandRun, JobResult, PrFixture } from './fixture-types.js'

/** Who is who in the emulated repository. */
export const PEOPLE = {
  alice: 'write',
  bob: 'write',
  mia: 'maintain',
  reader: 'read',
  triager: 'triage'
} as const

export type Login = keyof typeof PEOPLE | 'stranger'

/** GitHub's timestamp format (UTC, whole seconds), `offsetMs` from now. */
export const githubTime = (offsetMs = 0) =>
  new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z')

let nextRun = 5000
let nextComment = 9_000_000

/** A repository with a plan, PR #42 from `feature` with green CI, and the emulator. */
export async function startPrFixture(
  options: { plan?: string } = {}
): Promise<PrFixture> {
  const repo = await createGitRepo()
  await repo.commit({
    files: { '.github/rehearse.yml': options.plan ?? PLAN, ...SCRIPTS },
    message: 'release 1'
  })
  for (const script of Object.keys(SCRIPTS))
    await chmod(join(repo.dir, script), 0o755)
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '--amend', '--no-edit')
  const mainSha = await repo.head()
  await repo.branch('feature')
  await repo.checkout('feature')
  const headSha = await repo.commit({
    files: { 'app.txt': 'v2\n' },
    message: 'feature'
  })
  await repo.checkout('main')
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir,
    collaborators: { ...PEOPLE }
  })
  gh.seedPull({ number: 42, head: { ref: 'feature', sha: headSha } })
  // The rest of the world (CI, people): a plain client, since Rehearse's
  // own paces its writes as a deploy tool should.
  const octokit = new Octokit({ auth: 'fixture', baseUrl: gh.url })
  const tmp = await mkdtemp(join(tmpdir(), 'rehearse-pr-'))
  const stepOnly = await mainOnlyAction(tmp)
  const base = (run: CommandRun, login: string): Partial<RunActionOptions> => ({
    timeoutMs: 30_000,
    ...run.extra,
    inputs: run.inputs ?? {},
    github: {
      apiUrl: gh.url,
      workspace: repo.dir,
      sha: mainSha,
      ref: 'refs/heads/main',
      actor: login,
      runId: run.runId ?? ++nextRun,
      ...run.extra?.github
    },
    env: { ...run.extra?.env }
  })
  const logins = new Map<IssueCommentPayload, string>()
  const runIds = new Map<RunActionResult, number>()
  const fixture: PrFixture = {
    repo,
    gh,
    mainSha,
    headSha,
    comment(body, commentOptions = {}) {
      const { createdAt = githubTime(), ...options } = commentOptions
      const payload = issueCommentCreated({
        body,
        login: 'alice',
        prNumber: 42,
        commentId: ++nextComment,
        ...options
      })
      // The example payload's comment is from 2019: GitHub stamps a new
      // one with its time now, which pr-command compares the head with.
      Object.assign(payload.comment, {
        created_at: createdAt,
        updated_at: createdAt
      })
      if (options.onPullRequest !== false) {
        gh.seedComment({
          id: payload.comment.id,
          issueNumber: payload.issue.number,
          body,
          user: payload.sender.login,
          createdAt
        })
      }
      logins.set(payload, payload.sender.login)
      return payload
    },
    command: (payload, run = {}) =>
      runAction({
        ...base(run, logins.get(payload) ?? 'alice'),
        actionDir: join(root, 'actions', 'pr-command'),
        event: { name: 'issue_comment', payload }
      } as RunActionOptions),
    async commandMain(payload, run = {}) {
      const runId = run.runId ?? ++nextRun
      const result = await runAction({
        ...base({ ...run, runId }, logins.get(payload) ?? 'alice'),
        actionDir: stepOnly,
        event: { name: 'issue_comment', payload }
      } as RunActionOptions)
      runIds.set(result, runId)
      return result
    },
    commandPost: (main, run = {}) => {
      const state = Object.fromEntries(
        Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v])
      )
      const options = base(
        { ...run, runId: run.runId ?? runIds.get(main) },
        'alice'
      )
      return runAction({
        ...options,
        actionDir: stepOnly,
        env: { ...options.env, ...state }
      } as RunActionOptions)
    },
    async job(payload, run = {}) {
      const command = await fixture.commandMain(payload, run)
      const runId = runIds.get(command)
      let deploy: RunActionResult | undefined
      if (command.outputs.continue === 'true') {
        await repo.git('checkout', '-q', '--detach', command.outputs.sha ?? '')
        try {
          deploy = await runAction({
            ...base({ runId, extra: run.deploy }, 'alice'),
            actionDir: join(root, 'actions', 'deploy-to-staging'),
            inputs: {
              environment: command.outputs.environment ?? '',
              sha: command.outputs.sha ?? '',
              noop: command.outputs.noop ?? 'false'
            }
          } as RunActionOptions)
        } finally {
          await repo.checkout('main')
        }
      }
      const post = await fixture.commandPost(command, { runId })
      return { command, deploy, post }
    },
    action: (name, inputs = {}, extra = {}) =>
      runAction({
        ...base({ extra }, 'alice'),
        actionDir: join(root, 'actions', name),
        inputs
      } as RunActionOptions),
    async ci(sha, name, conclusion, kind = 'check') {
      const params = { owner: 'acme', repo: 'widgets' }
      if (kind === 'status') {
        await octokit.rest.repos.createCommitStatus({
          ...params,
          sha,
          context: name,
          state: (conclusion ?? 'pending') as 'success'
        })
        return
      }
      await octokit.rest.checks.create({
        ...params,
        head_sha: sha,
        name,
        ...(conclusion
          ? { status: 'completed', conclusion: conclusion as 'success' }
          : { status: 'in_progress' })
      })
    },
    deployed: (sha, state) => seedDeployment(octokit, sha, state),
    lockRef: environment => heldLockRef(gh, lockBranch(environment)),
    comments: () =>
      gh.state.comments
        .filter(c => c.user === 'github-actions[bot]')
        .map(c => ({ body: c.body, user: c.user, issueNumber: c.issueNumber })),
    reactions: id =>
      gh.state.reactions
        .filter(r => r.subject.kind === 'comment' && r.subject.id === id)
        .map(r => r.content),
    reset: () => restore(gh, snapshot),
    async close() {
      await gh.close()
      await repo.dispose()
      await rm(tmp, { recursive: true, force: true })
    }
  }
  await fixture.ci(headSha, 'build', 'success')
  await fixture.ci(headSha, 'ci/lint', 'success', 'status')
  const snapshot = structuredClone(gh.state)
  gh.requests.length = 0
  return fixture
}
