import { escapeMarkdownCell as escape } from '@rehearse/engine'
import type { ReportCheck } from './report-data.js'

const ICON = { passed: '✅', failed: '❌', skipped: '⏭️' } as const

function cell(run: ReportCheck | undefined): string {
  if (!run) return ''
  const icon = run.status === 'passed' && run.flaky ? '⚠️' : ICON[run.status]
  if (run.p95Ms === null) return icon
  const latency = `${run.p95Ms.toFixed(1)} ms`
  return `${icon} ${run.samples > 1 ? `p95 ${latency}` : latency}`
}

/** Variant runs grouped by the flags they vary, in the plan's order. */
function groupByFlags(checks: readonly ReportCheck[]): ReportCheck[][] {
  const groups = new Map<string, ReportCheck[]>()
  for (const check of checks) {
    if (!check.variant) continue
    const flags = Object.keys(check.variant.flags).join('\u0000')
    const group = groups.get(flags) ?? []
    group.push(check)
    groups.set(flags, group)
  }
  return [...groups.values()]
}

function grid(runs: readonly ReportCheck[]): string[] {
  const unique = (values: string[]): string[] => [...new Set(values)]
  const columns = unique(runs.map(run => run.variant?.label ?? ''))
  const rows = unique(runs.map(run => run.variant?.check ?? ''))
  const at = (row: string, column: string): ReportCheck | undefined =>
    runs.find(run => run.variant?.check === row && run.variant.label === column)
  return [
    `| check | ${columns.map(escape).join(' | ')} |`,
    `| --- |${' --- |'.repeat(columns.length)}`,
    ...rows.map(
      row =>
        `| ${escape(row)} | ${columns.map(column => cell(at(row, column))).join(' | ')} |`
    )
  ]
}

/**
 * The check × variant grid: a row per check with `variants:`, a column per
 * variant (per combination when a check varies several flags; checks that
 * vary different flags get a grid each), cells ✅/❌ with the latency.
 * Undefined when no check has variants.
 */
export function renderVariantGrid(
  checks: readonly ReportCheck[]
): string | undefined {
  const groups = groupByFlags(checks)
  if (groups.length === 0) return undefined
  return groups.map(group => grid(group).join('\n')).join('\n\n')
}
