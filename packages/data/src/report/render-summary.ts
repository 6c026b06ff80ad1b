import { escapeMarkdownCell, formatDuration } from '@rehearse/engine'
import type { DataReceipt } from '../receipt/data-receipt.js'

const count = (n: number): string => n.toLocaleString('en-US')

/** The one line of the `rehearse/<env>/data` status. */
export function describeReceipt(receipt: DataReceipt): string {
  switch (receipt.status) {
    case 'blocked':
      return `Blocked: ${receipt.coverage.blocked.length} personal-looking column(s) without a rule (${receipt.coverage.blocked.slice(0, 3).join(', ')})`
    case 'failure':
      return `Failed, ${receipt.environment} left as it was: ${receipt.message ?? receipt.reason ?? 'see the log'}`
    case 'success':
      return `Refreshed ${count(receipt.rows)} rows in ${receipt.tables.length} tables, ${receipt.coverage.masked} masked columns, leak probe clean`
  }
}

/** The job summary: the receipt at a glance, then one row per table. */
export function renderDataSummary(receipt: DataReceipt): string {
  const icon =
    receipt.status === 'success'
      ? '✅'
      : receipt.status === 'blocked'
        ? '⛔'
        : '❌'
  const lines = [
    `### ${icon} Data refresh · ${receipt.environment}`,
    '',
    describeReceipt(receipt),
    ''
  ]
  if (receipt.coverage.blocked.length > 0)
    lines.push(
      'Columns that look personal and have no rule (add one under `data.tables.<table>.columns`; `keep` if it is not personal):',
      '',
      ...receipt.coverage.blocked.map(column => `- \`${column}\``),
      ''
    )
  if (receipt.status === 'failure' && receipt.message)
    lines.push('```', receipt.message, '```', '')
  lines.push(
    '| receipt | |',
    '| --- | --- |',
    `| snapshot | ${receipt.snapshotAt ?? '—'} |`,
    `| source schema (${escapeMarkdownCell(receipt.schema.historyTable)}) | ${receipt.schema.source ?? 'no history'} |`,
    `| masking policy | \`${receipt.policy.hash.slice(0, 19)}…\` (seed ${escapeMarkdownCell(receipt.policy.seed)}) |`,
    `| coverage | ${receipt.coverage.columns} columns: ${receipt.coverage.ruled} with a rule, ${receipt.coverage.masked} masked, ${receipt.coverage.unruled.length} copied without a rule |`,
    `| orphaned rows | ${receipt.orphans} |`,
    `| leak probe | ${receipt.leak.matches} of ${receipt.leak.sampled} sampled values found in the source (${receipt.leak.columns} columns) |`,
    `| time | ${formatDuration(receipt.durationMs)}, ${count(Math.round(receipt.rowsPerSecond))} rows/s |`,
    ''
  )
  if (receipt.tables.length > 0) lines.push(...tableRows(receipt), '')
  const notes = [
    receipt.skipped.length
      ? `Not in the target, not copied: ${receipt.skipped.join(', ')}.`
      : '',
    receipt.emptied.length
      ? `Emptied (they reference replaced rows): ${receipt.emptied.join(', ')}.`
      : '',
    receipt.coverage.unruled.length
      ? `Copied without a rule (nothing looked personal): ${receipt.coverage.unruled.join(', ')}.`
      : ''
  ].filter(Boolean)
  return [...lines, ...notes].join('\n')
}

function tableRows(receipt: DataReceipt): string[] {
  return [
    '| table | rows copied | synthetic | subset | masked columns | rule |',
    '| --- | ---: | ---: | --- | --- | --- |',
    ...receipt.tables.map(table => {
      const masked = Object.entries(table.masked)
      const cell = (values: string[]) =>
        escapeMarkdownCell(values.join(', ')) || '—'
      return `| ${escapeMarkdownCell(table.name)} | ${count(table.rows - table.synthetic)} | ${count(table.synthetic)} | ${escapeMarkdownCell(table.subset ?? 'all')} | ${cell(masked.map(([c]) => c))} | ${cell(masked.map(([, r]) => r))} |`
    })
  ]
}
