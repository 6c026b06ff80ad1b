import { escapeMarkdownCell as escape } from '@rehearse/engine'
import type { TlsResult } from '../types.js'
import { renderLatencyChart } from './render-chart.js'
import type { ReportCheck, SmokeReport } from './report-data.js'
import { renderVariantGrid } from './render-variants.js'

const HEADLINE = {
  passed: '✅ Smoke test passed',
  failed: '❌ Smoke test failed',
  cancelled: '🛑 Smoke test cancelled'
} as const

const ms = (value: number | null): string =>
  value === null ? '' : `${value.toFixed(1)} ms`

function result(check: ReportCheck): string {
  if (check.status === 'skipped') return '⏭️ skipped'
  if (check.status === 'failed') return '❌ failed'
  return check.flaky ? '⚠️ passed (flaky)' : '✅ passed'
}

function latency(check: ReportCheck): string {
  if (check.samples > 1)
    return `p50 ${ms(check.p50Ms)} · p95 ${ms(check.p95Ms)} (${check.samples})`
  return ms(check.p95Ms)
}

function checkRow(check: ReportCheck): string[] {
  const where = `${check.method} ${check.path}${check.flow ? ` · flow ${check.flow}` : ''}`
  return [
    `${escape(check.name)}<br>${escape(where)}`,
    result(check),
    check.attempts ? String(check.attempts) : '',
    latency(check),
    check.budgetMs === null ? '' : `${check.budgetMs} ms`,
    check.baselineP95Ms === null
      ? ''
      : `${ms(check.baselineP95Ms)} (${check.ratio?.toFixed(2)}×)`
  ]
}

const TLS_ICON = {
  passed: '✅ valid',
  warning: '⚠️ expires soon',
  failed: '❌ failed',
  unchecked: '· not checked'
} as const

function tlsRow(tls: TlsResult): string[] {
  return [
    `TLS certificate<br>${escape(tls.origin)}`,
    TLS_ICON[tls.status],
    '',
    '',
    '',
    escape(tls.message)
  ]
}

function problems(report: SmokeReport): string[] {
  const lines = report.checks
    .filter(check => check.status === 'failed')
    .map(
      check =>
        `- **${escape(check.name)}**: ${escape(check.problems.join('; '))}`
    )
  if (report.tls && report.tls.status !== 'passed')
    lines.push(`- **TLS certificate**: ${escape(report.tls.message)}`)
  const skipped = report.checks.filter(check => check.status === 'skipped')
  if (skipped.length > 0) {
    lines.push(
      `- ${skipped.length} check(s) skipped: ${escape(skipped[0]?.problems[0] ?? '')}`
    )
  }
  return lines
}

/**
 * The smoke test for people: a table, the check × variant grid (when checks
 * have variants), the problems, the latency chart.
 */
export function renderSmokeSummary(report: SmokeReport): string {
  const total = report.passed + report.failed
  const lines = [
    `### ${HEADLINE[report.outcome]}: ${escape(report.environment)} @ \`${report.sha.slice(0, 7)}\``,
    '',
    `${report.passed} of ${total} checks passed against ${escape(report.url)} in ${(report.durationMs / 1000).toFixed(1)} s${report.flaky ? ` · ${report.flaky} flaky` : ''} · baseline: ${escape(report.baseline.note)}`,
    '',
    '| check | result | attempts | latency | budget | baseline p95 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.checks.map(check => `| ${checkRow(check).join(' | ')} |`),
    ...(report.tls ? [`| ${tlsRow(report.tls).join(' | ')} |`] : [])
  ]
  const variants = renderVariantGrid(report.checks)
  if (variants) lines.push('', '#### Feature-flag variants', '', variants)
  const listed = problems(report)
  if (listed.length > 0) lines.push('', '**Problems**', '', ...listed)
  const chart = renderLatencyChart(
    report.checks,
    report.baseline.sha?.slice(0, 7)
  )
  if (chart) lines.push('', '#### Latency (p95)', '', chart)
  return lines.join('\n')
}
