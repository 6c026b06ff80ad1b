import { ConfigurationError } from '@rehearse/core'
import { loadPlan } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { shortSha } from './print-outcome.js'
import { commitToDeploy } from './run-command.js'
import { assertRealUrls } from '../init/placeholder-urls.js'
import { assertCommitted } from './stages.js'
import { runWholePlan } from './whole-plan.js'
import { openWorkspace, planFile } from './workspace.js'

type PromoteOptions = Extract<Command, { kind: 'promote' }>

/**
 * `rehearse promote`: the gate for HEAD (or `--sha`), then the same
 * pipeline in the target environment. A refusal prints every gate
 * condition, the reason code and what to do, and exits 1.
 */
export async function promoteCommand(
  options: PromoteOptions,
  io: CliIo,
  json?: (text: string) => void
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
  assertRealUrls(plan, [options.to])
  await assertCommitted(workspace.root, plan, options.to)
  const { sha, ref } = await commitToDeploy(workspace, options.sha, io)
  io.stdout(
    `${options.noop ? 'Checking (noop) the promotion of' : 'Promoting'} ${shortSha(sha)} (${ref}) from ${options.from} to ${options.to}\n`
  )
  return runWholePlan(workspace, io, {
    plan,
    environment: options.to,
    sha,
    ref,
    command: 'promote',
    wait: options.wait,
    overrideFreeze: options.overrideFreeze,
    // --noop: the gate and the plan checked, nothing run or recorded.
    extra: { from: options.from, noop: options.noop },
    json
  })
}
