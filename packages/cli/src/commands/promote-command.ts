import { ConfigurationError } from '@rehearse/core'
import { loadPlan, promoteEnvironment } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import { withRunLock } from '../locks/run-lock.js'
import type { CliIo } from './cli-io.js'
import { describeDeploy, shortSha } from './print-outcome.js'
import { migrateEnvironment, smokeTestEnvironment } from './stages.js'
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
  const deps = pipelineDeps(workspace, io)
  const stage = {
    plan,
    environment: options.to,
    workspace: workspace.root,
    sha
  }
  return withRunLock(
    workspace.locks,
    workspace.identity,
    options.to,
    async () => {
      const outcome = await promoteEnvironment(
        {
          ...stage,
          from: options.from,
          ref,
          // Past the gate: production's schema first, as in the rehearsal.
          beforeDeploy: () => migrateEnvironment(stage, deps, io)
        },
        deps
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
      if (outcome.deploy.status !== 'success') return 1
      return (await smokeTestEnvironment(stage, deps, io)) ? 0 : 1
    }
  )
}
