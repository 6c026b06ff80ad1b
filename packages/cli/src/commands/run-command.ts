import { ConfigurationError } from '@rehearse/core'
import { forPullRequest, loadPlan } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import {
  changedFiles,
  currentBranch,
  resolveCommit
} from '../git/repository.js'
import type { CliIo } from './cli-io.js'
import { shortSha } from './print-outcome.js'
import { assertRealUrls } from '../init/placeholder-urls.js'
import { assertCommitted } from './stages.js'
import { runWholePlan } from './whole-plan.js'
import { openWorkspace, planFile } from './workspace.js'
import type { Workspace } from './workspace.js'

type RunOptions = Extract<Command, { kind: 'run' }>

/**
 * `rehearse run --env <name>`: the whole plan — migrations, deploy steps,
 * smoke checks — in one non-production environment, through the same
 * pipeline as the actions, recorded in the local ledger. Production is
 * refused here: it is reached only through `rehearse promote`.
 */
export async function runCommand(
  options: RunOptions,
  io: CliIo,
  json?: (text: string) => void
): Promise<number> {
  const workspace = await openWorkspace(io)
  // A per-PR environment runs as the pull request's own (--pr).
  const { plan, environment } = forPullRequest(
    loadPlan({
      workspace: workspace.root,
      file: planFile(workspace.root, io.cwd, options.config),
      environment: options.env
    }),
    options.env,
    options.pr
  )
  const target = plan.environments[options.env]
  if (target?.production) {
    throw new ConfigurationError(
      `"${options.env}" is a production environment: it is reached only through the gate. Run: rehearse promote --to ${options.env}`,
      { reason: 'production_needs_gate' }
    )
  }
  assertRealUrls(plan, [options.env])
  if (target?.requires.length)
    await assertCommitted(workspace.root, plan, environment)
  const { sha, ref } = await commitToDeploy(workspace, options.sha, io)
  io.stdout(
    `${options.noop ? 'Checking (noop)' : 'Running'} ${shortSha(sha)} (${ref}) in ${environment} with ${plan.file}\n`
  )
  return runWholePlan(workspace, io, {
    plan,
    environment,
    sha,
    ref,
    command: 'run',
    wait: options.wait,
    overrideFreeze: options.overrideFreeze,
    extra: { noop: options.noop },
    json
  })
}

/**
 * The full SHA (`--sha`, else HEAD) and the ref name steps see. Warns when
 * tracked files differ from the commit: the steps run what is on disk, but
 * the ledger records it as that commit.
 */
export async function commitToDeploy(
  workspace: Workspace,
  sha: string | undefined,
  io: CliIo
): Promise<{ sha: string; ref: string }> {
  const full = sha
    ? await resolveCommit(workspace.root, sha)
    : await workspace.source.headSha()
  const changed = await changedFiles(workspace.root)
  if (changed.length > 0) {
    io.stderr(
      `rehearse: warning: ${changed.length} tracked file(s) differ from ${shortSha(full)} (e.g. ${changed[0]}); commit them so the rehearsal is of the code you will promote.\n`
    )
  }
  return { sha: full, ref: (await currentBranch(workspace.root)) ?? full }
}
