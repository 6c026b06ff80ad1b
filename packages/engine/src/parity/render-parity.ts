import { escapeMarkdownCell as cell } from './escape-markdown.js'
import type { ParityReport, ParityRow } from './types.js'

/**
 * The parity report as a GitHub-flavoured Markdown table (variable, the two
 * environments, status), then a line saying whether promotion may proceed
 * and, if not, how to resolve the undeclared differences. Values are escaped:
 * they come from a repository file.
 */
export function renderParityMarkdown(report: ParityReport): string {
  const lines = [
    `| variable | ${cell(report.from)} | ${cell(report.to)} | status |`,
    '| --- | --- | --- | --- |',
    ...report.rows.map(
      row =>
        `| ${label(row)} | ${value(row.from)} | ${value(row.to)} | ${status(row)} |`
    ),
    '',
    verdict(report)
  ]
  if (report.rows.some(row => row.masked)) {
    lines.push('', '`•••`: a secret value, compared but never shown.')
  }
  return `${lines.join('\n')}\n`
}

function label(row: ParityRow): string {
  // Variable names match [A-Za-z_][A-Za-z0-9_]*, so a code span is safe.
  return row.kind === 'variable' ? `\`${row.name}\`` : `**${row.name}**`
}

function value(text: string | undefined): string {
  if (text === undefined) return '*(absent)*'
  return text === '' ? '*(empty)*' : cell(text)
}

function status(row: ParityRow): string {
  if (!row.differs) return '✅ same'
  if (row.informational) return 'ℹ️ differs by design'
  return row.declared ? '📝 declared difference' : '❌ undeclared difference'
}

function verdict(report: ParityReport): string {
  const count = report.undeclared.length
  if (count === 0) {
    const declared = report.rows.filter(row => row.differs && row.declared)
    return declared.length > 0
      ? `No undeclared differences: ${declared.length} declared in \`parity.allow-differences\`.`
      : `No undeclared differences: ${cell(report.from)} and ${cell(report.to)} match.`
  }
  const names = report.undeclared.map(label).join(', ')
  const noun = count === 1 ? 'difference' : 'differences'
  return (
    `❌ **${count} undeclared ${noun}** (${names}): promotion is refused. ` +
    `Declare ${count === 1 ? 'it' : 'them'} in \`parity.allow-differences\` in ${cell(report.file)}, ` +
    `or make ${cell(report.from)} and ${cell(report.to)} match.`
  )
}
