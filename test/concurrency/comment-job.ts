import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GitRepo, RunActionResult } from '@rehearse/bench'
import type { PrFixture } from '../pr-command/fixture.js'

/** A second checkout of the repository, e.g. the PR head beside main. */
export interface Checkout {
  readonly dir: string
  remove(): Promise<void>
}

// `git worktree add` and `remove` in one repository must not overlap: each
// picks its .git/worktrees/<name> folder by looking first, so concurrent
// jobs (the load test's 50) raced there on a loaded machine. One at a time
// per repository; the jobs themselves still run at once.
const worktreeQueues = new Map<string, Promise<unknown>>()

function oneAtATime<T>(repo: GitRepo, work: () => Promise<T>): Promise<T> {
  const turn = (worktreeQueues.get(repo.dir) ?? Promise.resolve()).then(
    work,
    work
  )
  worktreeQueues.set(
    repo.dir,
    turn.catch(() => undefined)
  )
  return turn
}

/** `git worktree add --detach` at `sha`: a job's own workspace. */
export async function checkoutAt(
  repo: GitRepo,
  sha: string
): Promise<Checkout> {
  const parent = await mkdtemp(join(tmpdir(), 'rehearse-checkout-'))
  const dir = join(parent, 'widgets')
  await oneAtATime(repo, () =>
    repo.git('worktree', 'add', '-q', '--detach', dir, sha)
  )
  return {
    dir,
    remove: async () => {
      await oneAtATime(repo, () =>
        repo.git('worktree', 'remove', '--force', dir)
      )
      await rm(parent, { recursive: true, force: true })
    }
  }
}

/** How one comment-driven job runs. */
export interface CommentJobOptions {
  readonly runId: number
  /** This run's token, to tell its requests from other runs'. */
  readonly token: string
  /** Step env of every step (the guard's PATH). */
  readonly env: Record<string, string>
  /** Called after pr-command's main, before deploy-to-staging. */
  readonly beforeDeploy?: (sha: string) => Promise<void>
}

/** What each step of the job did; `deploy` only when it ran. */
export interface CommentJob {
  readonly command: RunActionResult
  readonly deploy: RunActionResult | undefined
  readonly post: RunActionResult
}

/**
 * The job of workflows-examples/pr-redeploy.yml, step by step: pr-command
 * (main), a checkout of exactly the SHA it accepted (its own worktree, so
 * other jobs keep theirs), deploy-to-staging with pr-command's outputs
 * including `pr-number`, in the same run (same lock), then pr-command's
 * post step, which replies.
 */
export async function commentJob(
  f: PrFixture,
  payload: Parameters<PrFixture['commandMain']>[0],
  options: CommentJobOptions
): Promise<CommentJob> {
  const { runId, token, env } = options
  const extra = { github: { token }, env }
  const command = await f.commandMain(payload, { runId, extra })
  let deploy: RunActionResult | undefined
  const { outputs } = command
  if (outputs.continue === 'true') {
    const sha = outputs.sha ?? ''
    await options.beforeDeploy?.(sha)
    const checkout = await checkoutAt(f.repo, sha)
    try {
      deploy = await f.action(
        'deploy-to-staging',
        {
          environment: outputs.environment ?? '',
          sha,
          noop: outputs.noop ?? 'false',
          'pr-number': outputs['pr-number'] ?? ''
        },
        {
          github: { runId, token, workspace: checkout.dir },
          env,
          timeoutMs: 300_000
        }
      )
    } finally {
      await checkout.remove()
    }
  }
  const post = await f.commandPost(command, { runId, extra })
  return { command, deploy, post }
}

/** A bot comment's text with the Markdown escapes of `inert` undone. */
export function plainText(body: string): string {
  return body
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(+code))
    .replace(/&quot;/g, '"')
    .replace(/\\(.)/g, '$1')
}

/** The bot's reply on the PR (the one comment it keeps per environment). */
export function replyOf(f: PrFixture): string {
  const bodies = f.comments().map(c => plainText(c.body))
  return bodies.at(-1) ?? ''
}
