import {
  checkDrift,
  describeDrift,
  describeDriftRow,
  loadWholePlan
} from '@rehearse/engine'
import type { DriftReport, DriftRow } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { renderTable } from './text-table.js'
import { openWorkspace, pipelineDeps, planFile } from './workspace.js'

type DriftOptions = Extract<Command, { kind: 'drift' }>

/**
 * `rehearse drift`: each environment against the ones it requires, from
 * the local ledger and the plan's facts read now; prints the table and
 * exits 1 when anything drifts (no issue is kept locally).
 */
export async function driftCommand(
  options: DriftOptions,
  io: CliIo
): Promise<number> {
  const workspace = await openWorkspace(io)
  const file = planFile(workspace.root, io.cwd, options.config)
  const plan = loadWholePlan(workspace.root, file)
  const report = await checkDrift(
    plan,
    workspace.root,
    pipelineDeps(workspace, io)
  )
  io.stdout(renderDriftText(report))
  return report.driftCount > 0 ? 1 : 0
}

/** The report as aligned text tables, one per pair, and a verdict. */
export function renderDriftText(report: DriftReport): string {
  if (report.pairs.length === 0)
    return `\nNo environment of ${report.file} requires another: nothing to compare.\n`
  const tables = report.pairs.map(
    pair =>
      `\n${pair.from} → ${pair.to}\n` +
      renderTable(
        ['', pair.from.toUpperCase(), pair.to.toUpperCase(), 'STATUS'],
        pair.rows.map(row => [
          label(row),
          value(row.from),
          value(row.to),
          describeDriftRow(row)
        ])
      )
  )
  return `${tables.join('')}\n${verdict(report)}\n`
}

function label(row: DriftRow): string {
  return row.kind === 'fact' ? `fact ${row.name}` : row.name
}

// A fact may print a long line; the table shows its start.
function value(text: string | undefined): string {
  if (text === undefined) return '(absent)'
  if (text === '') return '(empty)'
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

function verdict(report: DriftReport): string {
  const count = report.driftCount
  if (count === 0)
    return `No drift: every difference is a release awaiting promotion or declared in parity.allow-differences (${report.file}).`
  return [
    `Drift: ${count} undeclared difference${count === 1 ? '' : 's'}`,
    ...describeDrift(report).map(line => `  ${line}`),
    `Bring the environments back in line, or declare an intended difference of a variable or fact in parity.allow-differences in ${report.file}.`
  ].join('\n')
}
