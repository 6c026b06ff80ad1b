export { escapeMarkdownCell as escapeCell } from '../parity/escape-markdown.js'
export { formatDuration } from '../run/format-duration.js'

export function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(row => `| ${row.join(' | ')} |`)
  ].join('\n')
}
