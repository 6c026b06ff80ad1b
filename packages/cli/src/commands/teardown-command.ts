import { forPullRequest, loadPlan, teardownEnvironment } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { openWorkspace, pipelineDeps, planFile } from './workspace.js'

type TeardownOptions = Extract<Command, { kind: 'teardown' }>

/**
 * `rehearse teardown preview/pr-42` (or `preview --pr 42`): the plan's
 * teardown steps for that pull request's environment, under its lock, then
 * its deployments inactive in the local ledger and the environment no
 * longer listed by `rehearse status`. Only per-PR environments.
 */
export async function teardownCommand(
  options: TeardownOptions,
  io: CliIo
): Promise<number> {
  const workspace = await openWorkspace(io)
  const loaded = loadPlan({
    workspace: workspace.root,
    file: planFile(workspace.root, io.cwd, options.config),
    environment: options.env
  })
  const { plan, environment } = forPullRequest(loaded, options.env, options.pr)
  io.stdout(`Tearing down ${environment} with ${plan.file}\n`)
  const outcome = await teardownEnvironment(
    {
      plan,
      environment,
      workspace: workspace.root,
      lockWaitMs: (options.wait ?? 0) * 60_000,
      why: 'rehearse teardown'
    },
    pipelineDeps(workspace, io)
  )
  io.stdout(`${outcome.description}\n`)
  if (outcome.status !== 'failure') return 0
  io.stderr(
    `rehearse: teardown of ${environment} failed (${outcome.reason ?? 'teardown_failed'}); run it again once the step is fixed\n`
  )
  return 1
}
