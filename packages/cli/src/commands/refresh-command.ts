import { hostname } from 'node:os'
import { refreshData } from '@rehearse/data'
import type { DataReceipt } from '@rehearse/data'
import { loadPlan } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { shortSha } from './print-outcome.js'
import { renderTable } from './text-table.js'
import { openWorkspace, pipelineDeps, planFile } from './workspace.js'

type RefreshOptions = Extract<Command, { kind: 'refresh' }>

/**
 * `rehearse refresh <env>`: the environment's database refreshed from the
 * production replica the plan's `data:` section names, masked, through the
 * same code as the refresh-data action; the receipt goes to the local
 * ledger as `rehearse/<env>/data` for HEAD. URLs and the masking key come
 * from the variables the plan names (never the command line).
 */
export async function refreshCommand(
  options: RefreshOptions,
  io: CliIo
): Promise<number> {
  const workspace = await openWorkspace(io)
  const plan = loadPlan({
    workspace: workspace.root,
    file: planFile(workspace.root, io.cwd, options.config),
    environment: options.env
  })
  const sha = await workspace.source.headSha()
  io.stdout(
    `Refreshing ${options.env}'s data at ${shortSha(sha)} with ${plan.file}\n`
  )
  const outcome = await refreshData(
    {
      plan,
      environment: options.env,
      workspace: workspace.root,
      sha,
      lockWaitMs: (options.wait ?? 0) * 60_000,
      lockWaitHint: '--wait <minutes>',
      lockReason: `rehearse refresh on ${hostname()}`,
      progress: line => io.stdout(`  ${line}\n`)
    },
    pipelineDeps(workspace, io)
  )
  const receipt = outcome.receipt
  if (receipt.tables.length > 0 && outcome.status === 'success')
    io.stdout(tableOf(receipt))
  const ok = outcome.status === 'success'
  io.stdout(
    `${ok ? '✓' : '✗'} data in ${options.env}: ${outcome.description}\n`
  )
  if (!ok) {
    const code = outcome.reason ? ` [${outcome.reason}]` : ''
    io.stderr(`rehearse: ${receipt.message ?? outcome.description}${code}\n`)
  }
  return ok ? 0 : 1
}

function tableOf(receipt: DataReceipt): string {
  return renderTable(
    ['table', 'rows', 'synthetic', 'masked columns'],
    receipt.tables.map(table => [
      table.name,
      (table.rows - table.synthetic).toLocaleString('en-US'),
      table.synthetic.toLocaleString('en-US'),
      Object.entries(table.masked)
        .map(([column, rule]) => `${column} (${rule})`)
        .join(', ') || '-'
    ])
  )
}
