import type { HeldLock } from '@rehearse/engine'
import { runGit } from '../git/run-git.js'
import type { CliIo } from './cli-io.js'
import { describeStoredLock } from './lock-text.js'
import { shortSha } from './print-outcome.js'
import { differsFromServing, renderStatusTable } from './status-table.js'
import type { StatusRow } from './status-table.js'
import { statusDocument, writeJson } from './json-output.js'
import { openWorkspace } from './workspace.js'
import type { Workspace } from './workspace.js'

/**
 * `rehearse status`: per environment, what it serves now (its last
 * successful deployment, which after a re-deploy of an older commit is
 * that commit), the newest attempt when it is another one, the stages of
 * HEAD; then who holds which environment's lock.
 */
export async function statusCommand(
  io: CliIo,
  json?: (text: string) => void
): Promise<number> {
  const workspace = await openWorkspace(io)
  const { ledger, locks } = workspace
  const held = await locks.list()
  const environments = [
    ...new Set([
      ...(await ledger.environments()),
      ...held.map(lock => lock.environment)
    ])
  ]
  if (environments.length === 0 && !json) {
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
  const rows = await statusRows(
    workspace,
    environments,
    head.ok ? head.stdout : undefined
  )
  if (json) {
    writeJson(
      json,
      statusDocument(head.ok ? head.stdout : undefined, ledger.path, rows, held)
    )
    return 0
  }
  const now = new Date()
  const title = head.ok ? `HEAD is ${shortSha(head.stdout)}` : 'no HEAD commit'
  io.stdout(`${title}; ledger ${ledger.path}\n\n`)
  io.stdout(renderStatusTable(rows, now))
  io.stdout(`\n${renderLocks(held, now)}`)
  return 0
}

async function statusRows(
  { ledger }: Workspace,
  environments: readonly string[],
  head: string | undefined
): Promise<StatusRow[]> {
  const stages = head ? await ledger.readStages(head) : []
  const rows: StatusRow[] = []
  for (const environment of environments) {
    const serving = await ledger.lastSuccessfulDeployment(environment)
    const [newest] = await ledger.attempts(environment, 1)
    rows.push({
      environment,
      serving,
      newest: differsFromServing(newest, serving) ? newest : undefined,
      stages: stages.filter(s => s.environment === environment)
    })
  }
  return rows
}

function renderLocks(held: readonly HeldLock[], now: Date): string {
  if (held.length === 0) return 'Locks: none.\n'
  const lines = held.map(lock => `  ${describeStoredLock(lock, now)}`)
  return `Locks:\n${lines.join('\n')}\n`
}
