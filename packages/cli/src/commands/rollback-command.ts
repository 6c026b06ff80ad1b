import { mkdtemp, rm } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import {
  findWayBack,
  loadPlan,
  runEnvironment,
  WAY_BACK_HISTORY
} from '@rehearse/engine'
import type { Ledger } from '@rehearse/engine'
import { createSmokeStage } from '@rehearse/smoke'
import type { Command } from '../args/parse-command.js'
import { createGitSourceControl } from '../git/git-source-control.js'
import { resolveCommit } from '../git/repository.js'
import { runGit } from '../git/run-git.js'
import type { CliIo } from './cli-io.js'
import { shortSha } from './print-outcome.js'
import { exitCodeOf, printRun, stagePrinter } from './stages.js'
import { DEFAULT_PLAN, openWorkspace, pipelineDeps } from './workspace.js'

type RollbackOptions = Extract<Command, { kind: 'rollback' }>

/**
 * `rehearse rollback <env> [--to <sha>]`: an earlier good release deployed
 * again through the one pipeline, from a worktree of that commit, so its
 * own plan and scripts run and the fingerprint is the one rehearsed.
 */
export async function rollbackCommand(
  options: RollbackOptions,
  io: CliIo
): Promise<number> {
  const workspace = await openWorkspace(io)
  const sha = options.to
    ? await resolveCommit(workspace.root, options.to)
    : await previousRelease(workspace.ledger, options.env)
  io.stdout(`Rolling ${options.env} back to ${shortSha(sha)}\n`)
  const tree = await mkdtemp(join(tmpdir(), 'rehearse-rollback-'))
  const added = await runGit(workspace.root, [
    'worktree',
    'add',
    '--detach',
    tree,
    sha
  ])
  if (!added.ok)
    throw new ConfigurationError(
      `could not check out ${shortSha(sha)} to roll back to (git worktree add: ${added.stderr.trim()})`
    )
  try {
    const plan = loadPlan({
      workspace: tree,
      file: options.config ?? DEFAULT_PLAN,
      environment: options.env
    })
    const smoke = createSmokeStage()
    const outcome = await runEnvironment(
      {
        plan,
        environment: options.env,
        workspace: tree,
        sha,
        ref: sha,
        // The schema stays: the older release runs on it, as rehearsed.
        stages: { deploy: true, smoke: smoke.port },
        lockWaitMs: (options.wait ?? 0) * 60_000,
        lockWaitHint: '--wait <minutes>',
        nestInOwnHold: true,
        lockReason: `rehearse rollback on ${hostname()}`,
        onStageDone: stagePrinter(options.env, smoke, io)
      },
      {
        ...pipelineDeps(workspace, io),
        source: createGitSourceControl(tree)
      }
    )
    printRun(outcome, io)
    return exitCodeOf(outcome, 'rollback', io)
  } finally {
    await runGit(workspace.root, ['worktree', 'remove', '--force', tree])
    await rm(tree, { recursive: true, force: true })
  }
}

// The engine's one way-back rule, shared with `.rollback`.
async function previousRelease(ledger: Ledger, environment: string) {
  const way = await findWayBack(ledger, environment)
  if (way.found) return way.target.sha
  throw new ConfigurationError(
    way.current
      ? `${environment} has no good release other than ${shortSha(way.current.sha)} among its last ${WAY_BACK_HISTORY} deployments to roll back to. Name one with --to <sha>.`
      : `${environment} has never been deployed; there is nothing to roll back to.`,
    { reason: 'no_rollback_target' }
  )
}
