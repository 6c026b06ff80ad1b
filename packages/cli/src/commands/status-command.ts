import { runGit } from '../git/run-git.js'
import type { CliIo } from './cli-io.js'
import { shortSha } from './print-outcome.js'
import { renderStatusTable } from './status-table.js'
import type { StatusRow } from './status-table.js'
import { openWorkspace } from './workspace.js'

/**
 * `rehearse status`: per environment in the local ledger, its newest
 * deployment (SHA, state, fingerprint, age) and the stages of HEAD.
 */
export async function statusCommand(io: CliIo): Promise<number> {
  const workspace = await openWorkspace(io)
  const { ledger } = workspace
  const environments = await ledger.environments()
  if (environments.length === 0) {
    io.stdout(
      `No deployments recorded yet (${ledger.path}). Start with: rehearse run --env staging\n`
    )
    return 0
  }
  // A repository without commits still has a ledger to show.
  const head = await runGit(workspace.root, [
    'rev-parse',
    '--verify',
    '--quiet',
    'HEAD'
  ])
  const stages = head.ok ? await ledger.readStages(head.stdout) : []
  const rows: StatusRow[] = []
  for (const environment of environments) {
    const [newest] = await ledger.recentDeployments(environment, 1)
    rows.push({
      environment,
      deployment: newest,
      stages: stages.filter(s => s.environment === environment)
    })
  }
  const title = head.ok ? `HEAD is ${shortSha(head.stdout)}` : 'no HEAD commit'
  io.stdout(`${title}; ledger ${ledger.path}\n\n`)
  io.stdout(renderStatusTable(rows, new Date()))
  return 0
}
