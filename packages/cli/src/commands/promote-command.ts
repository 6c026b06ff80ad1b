import { ConfigurationError } from '@rehearse/core'
import { loadPlan, promoteEnvironment } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { describeDeploy, shortSha } from './print-outcome.js'
import { commitToDeploy } from './run-command.js'
import { openWorkspace, pipelineDeps, planFile } from './workspace.js'

type PromoteOptions = Extract<Command, { kind: 'promote' }>

/**
 * `rehearse promote`: the gate for HEAD (or `--sha`), then the same plan in
 * the target environment. A refusal prints every gate condition, the reason
 * code and what to do, and exits 1.
 */
export async function promoteCommand(
  options: PromoteOptions,
  io: CliIo
): Promise<number> {
  if (options.from === options.to) {
    throw new ConfigurationError(
      `--from and --to are both "${options.to}": promote from the environment that rehearsed (e.g. --from staging --to production).`
    )
  }
  const workspace = await openWorkspace(io, {
    defaultBranch: options.defaultBranch
  })
  const plan = loadPlan({
    workspace: workspace.root,
    file: planFile(workspace.root, io.cwd, options.config),
    environment: options.to,
    requires: [options.from]
  })
  const { sha, ref } = await commitToDeploy(workspace, options.sha, io)
  io.stdout(
    `Promoting ${shortSha(sha)} (${ref}) from ${options.from} to ${options.to}\n`
  )
  const outcome = await promoteEnvironment(
    {
      plan,
      environment: options.to,
      from: options.from,
      workspace: workspace.root,
      sha,
      ref
    },
    pipelineDeps(workspace, io)
  )
  if (!outcome.gate.ok) {
    const failed = outcome.gate.checks.find(c => !c.ok && !c.skipped)
    io.stderr(
      `rehearse: promotion refused (${outcome.reason ?? 'gate'}): ${failed?.message ?? 'a gate condition failed'}\n`
    )
    return 1
  }
  if (!outcome.deploy) return 1
  io.stdout(describeDeploy(outcome.deploy))
  return outcome.deploy.status === 'success' ? 0 : 1
}
