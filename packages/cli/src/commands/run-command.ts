import { ConfigurationError } from '@rehearse/core'
import { deployEnvironment, loadPlan } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import {
  changedFiles,
  currentBranch,
  resolveCommit
} from '../git/repository.js'
import { withRunLock } from '../locks/run-lock.js'
import type { CliIo } from './cli-io.js'
import { describeDeploy, shortSha } from './print-outcome.js'
import { migrateEnvironment, smokeTestEnvironment } from './stages.js'
import { openWorkspace, pipelineDeps, planFile } from './workspace.js'
import type { Workspace } from './workspace.js'

type RunOptions = Extract<Command, { kind: 'run' }>

/**
 * `rehearse run --env <name>`: the plan's deploy steps in one
 * non-production environment, recorded in the local ledger. Production is
 * refused here: it is reached only through `rehearse promote`.
 */
export async function runCommand(
  options: RunOptions,
  io: CliIo
): Promise<number> {
  const workspace = await openWorkspace(io)
  const plan = loadPlan({
    workspace: workspace.root,
    file: planFile(workspace.root, io.cwd, options.config),
    environment: options.env
  })
  if (plan.environments[options.env]?.production) {
    throw new ConfigurationError(
      `"${options.env}" is a production environment: it is reached only through the gate. Run: rehearse promote --to ${options.env}`,
      { reason: 'production_needs_gate' }
    )
  }
  const { sha, ref } = await commitToDeploy(workspace, options.sha, io)
  io.stdout(
    `${options.noop ? 'Checking (noop)' : 'Deploying'} ${shortSha(sha)} (${ref}) to ${options.env} with ${plan.file}\n`
  )
  const deps = pipelineDeps(workspace, io)
  const stage = {
    plan,
    environment: options.env,
    workspace: workspace.root,
    sha
  }
  // The same order in every environment: schema, then code, then checks.
  return withRunLock(
    workspace.locks,
    workspace.identity,
    options.env,
    async () => {
      if (!options.noop && !(await migrateEnvironment(stage, deps, io)))
        return 1
      const outcome = await deployEnvironment(
        { ...stage, ref, noop: options.noop },
        deps
      )
      io.stdout(describeDeploy(outcome))
      if (outcome.status === 'noop') return 0
      if (outcome.status !== 'success') return 1
      return (await smokeTestEnvironment(stage, deps, io)) ? 0 : 1
    }
  )
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
