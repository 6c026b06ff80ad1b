import type { ReportCheck } from './report-data.js'

// Mermaid labels are quoted strings: keep letters, digits and plain marks.
const label = (name: string): string =>
  `"${name.replace(/[^\p{L}\p{N} _./:-]/gu, ' ').slice(0, 40)}"`

const axisMax = (values: readonly number[]): number => {
  const max = Math.max(1, ...values) * 1.2
  const magnitude = 10 ** Math.floor(Math.log10(max))
  return Math.ceil(max / magnitude) * magnitude
}

/**
 * A Mermaid bar chart of p95 per sampled check: bars for this release, a
 * line for the baseline where one exists. Undefined when nothing was sampled.
 */
export function renderLatencyChart(
  checks: readonly ReportCheck[],
  baselineName: string | undefined
): string | undefined {
  const sampled = checks.filter(
    check => check.samples > 1 && check.p95Ms !== null
  )
  const compared = sampled.filter(check => check.baselineP95Ms !== null)
  const shown = compared.length > 0 ? compared : sampled
  if (shown.length === 0) return undefined
  const candidate = shown.map(check => check.p95Ms ?? 0)
  const baseline =
    compared.length > 0
      ? shown.map(check => check.baselineP95Ms ?? 0)
      : undefined
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "p95 latency (ms)"`,
    `  x-axis [${shown.map(check => label(check.name)).join(', ')}]`,
    `  y-axis "ms" 0 --> ${axisMax([...candidate, ...(baseline ?? [])])}`,
    `  bar [${candidate.map(value => value.toFixed(1)).join(', ')}]`,
    ...(baseline
      ? [`  line [${baseline.map(value => value.toFixed(1)).join(', ')}]`]
      : []),
    '```',
    baseline
      ? `Bars: this release. Line: the baseline${baselineName ? ` (${baselineName})` : ''}.`
      : 'Bars: this release (no baseline to compare with yet).'
  ]
  return lines.join('\n')
}
