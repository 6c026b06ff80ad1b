import { escapeMarkdownCell as cell } from '../parity/escape-markdown.js'
import type { Plan } from '../plan-types.js'
import { compareFacts } from './compare-facts.js'
import type { DriftPair, DriftReport, DriftRow, FactReadings } from './types.js'

// A fact may print a whole paragraph on its last line; a table cell shows
// its start (the comparison used all of it).
const MAX_VALUE = 120

/**
 * The drift report as GitHub-flavoured Markdown: per pair of environments
 * a table (what, the two environments, status), then one verdict line.
 * Values are escaped: facts print what they like.
 */
export function renderDriftMarkdown(report: DriftReport): string {
  if (report.pairs.length === 0)
    return `No environment of ${cell(report.file)} requires another: nothing to compare.\n`
  const sections = report.pairs.map(
    pair => `#### ${cell(pair.from)} → ${cell(pair.to)}\n\n${table(pair)}`
  )
  return `${[...sections, verdict(report)].join('\n\n')}\n`
}

/**
 * The facts of two environments as a Markdown table (for promote-to-prod's
 * summary, beside the parity table); empty when the plan has none.
 */
export function renderFactsMarkdown(
  plan: Plan,
  readings: FactReadings,
  from: string,
  to: string
): string {
  const rows = compareFacts(plan, readings, from, to)
  if (rows.length === 0) return ''
  return `${table({ from, to, rows })}\n`
}

/** A row's status in words, for plain text (the CLI). */
export function describeDriftRow(row: DriftRow): string {
  switch (row.status) {
    case 'same':
      return 'same'
    case 'informational':
      return row.note
    case 'declared':
      return 'declared difference'
    case 'drift':
      return row.note ? `DRIFT: ${row.note}` : 'DRIFT'
  }
}

/** `staging → production: CDN_URL, fact db-version` for each pair with drift. */
export function describeDrift(report: DriftReport): string[] {
  return report.pairs
    .filter(pair => pair.drift.length > 0)
    .map(
      pair =>
        `${pair.from} → ${pair.to}: ${pair.drift.map(driftName).join(', ')}`
    )
}

function driftName(row: DriftRow): string {
  return row.kind === 'fact'
    ? `fact ${row.name}`
    : row.kind === 'variable'
      ? row.name
      : `the ${row.name}`
}

function table(pair: Pick<DriftPair, 'from' | 'to' | 'rows'>): string {
  const lines = [
    `| | ${cell(pair.from)} | ${cell(pair.to)} | status |`,
    '| --- | --- | --- | --- |',
    ...pair.rows.map(
      row =>
        `| ${label(row)} | ${value(row, row.from)} | ${value(row, row.to)} | ${status(row)} |`
    )
  ]
  if (pair.rows.some(row => row.masked))
    lines.push('', '`•••`: looks like a secret; compared, never shown.')
  return lines.join('\n')
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const HEX = /^[0-9a-f]+$/

function label(row: DriftRow): string {
  return row.kind === 'variable' || row.kind === 'fact'
    ? name(row)
    : `**${row.name}**`
}

// The row's name in running text: `CDN_URL`, fact `runtime`, the release.
function name(row: DriftRow): string {
  const code = NAME.test(row.name) ? `\`${row.name}\`` : cell(row.name)
  if (row.kind === 'variable') return code
  return row.kind === 'fact' ? `fact ${code}` : `the ${row.name}`
}

function value(row: DriftRow, text: string | undefined): string {
  if (text === undefined) return '*(absent)*'
  if (text === '') return '*(empty)*'
  if (row.kind !== 'fact' && HEX.test(text)) return `\`${text}\``
  const shown =
    text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text
  return cell(shown)
}

function status(row: DriftRow): string {
  switch (row.status) {
    case 'same':
      return '✅ same'
    case 'informational':
      return `ℹ️ ${cell(row.note)}`
    case 'declared':
      return '📝 declared difference'
    case 'drift':
      return row.note ? `❌ drift: ${cell(row.note)}` : '❌ drift'
  }
}

function verdict(report: DriftReport): string {
  const count = report.driftCount
  const file = cell(report.file)
  if (count === 0)
    return `✅ **No drift**: every difference is a release awaiting promotion or declared in \`parity.allow-differences\` (${file}).`
  const noun = count === 1 ? 'difference' : 'differences'
  const where = report.pairs
    .filter(pair => pair.drift.length > 0)
    .map(
      pair =>
        `${cell(pair.from)} → ${cell(pair.to)}: ${pair.drift.map(name).join(', ')}`
    )
    .join('; ')
  return (
    `❌ **${count} undeclared ${noun}** (${where}). ` +
    `Bring the environments back in line, or declare an intended difference of a variable or fact in \`parity.allow-differences\` in ${file}.`
  )
}
