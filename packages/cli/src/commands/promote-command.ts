import { hostname } from 'node:os'
import { ConfigurationError } from '@rehearse/core'
import { loadPlan, runEnvironment } from '@rehearse/engine'
import { createMigrationStage } from '@rehearse/migrations'
import { createSmokeStage } from '@rehearse/smoke'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { shortSha } from './print-outcome.js'
import { commitToDeploy } from './run-command.js'
import {
  assertCommitted,
  exitCodeOf,
  printRun,
  stagePrinter
} from './stages.js'
import { openWorkspace, pipelineDeps, planFile } from './workspace.js'

type PromoteOptions = Extract<Command, { kind: 'promote' }>

/**
 * `rehearse promote`: the gate for HEAD (or `--sha`), then the same
 * pipeline in the target environment. A refusal prints every gate
 * condition, the reason code and what to do, and exits 1.
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
  await assertCommitted(workspace.root, plan, options.to)
  const { sha, ref } = await commitToDeploy(workspace, options.sha, io)
  io.stdout(
    `Promoting ${shortSha(sha)} (${ref}) from ${options.from} to ${options.to}\n`
  )
  const migrations = createMigrationStage({
    dryRun: false,
    rehearseRollback: 'auto',
    // Locally there is no other database than the embedded one.
    embeddedInProduction: true
  })
  const smoke = createSmokeStage()
  const outcome = await runEnvironment(
    {
      plan,
      environment: options.to,
      workspace: workspace.root,
      sha,
      ref,
      from: options.from,
      stages: { migrations: migrations.port, deploy: true, smoke: smoke.port },
      lockWaitMs: (options.wait ?? 0) * 60_000,
      nestInOwnHold: true,
      onStageDone: stagePrinter(options.to, smoke, io),
      lockWaitHint: '--wait <minutes>',
      freezeOverride: options.overrideFreeze,
      lockReason: `rehearse promote on ${hostname()}`
    },
    pipelineDeps(workspace, io)
  )
  printRun(outcome, io)
  return exitCodeOf(outcome, 'promotion', io)
}
