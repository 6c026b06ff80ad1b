import { withoutLatencies } from '../report/report-data.js'
import type { SmokeReport } from '../report/report-data.js'
import type { SmokeDeps, SmokeRequest } from './types.js'

const STAGE = 'smoke'
// The ledger keeps reports of at most ~60 KB.
const MAX_REPORT_CHARS = 60_000

/** The one-line outcome, for the status and the report's title. */
export function describeOutcome(report: SmokeReport): string {
  const total = report.passed + report.failed
  if (report.outcome === 'cancelled')
    return 'Cancelled before the smoke test finished'
  if (report.outcome === 'failed') {
    const names = report.checks
      .filter(check => check.status === 'failed')
      .map(check => check.name)
    if (report.tls?.status === 'failed') names.push('TLS certificate')
    const skipped = report.checks.filter(c => c.status === 'skipped').length
    return `${report.failed} of ${total} checks failed: ${names.join(', ')}${skipped ? ` (${skipped} skipped)` : ''}`
  }
  const notes = [
    report.flaky ? `${report.flaky} flaky` : '',
    report.tls?.status === 'warning' ? 'certificate expires soon' : ''
  ].filter(Boolean)
  return `${total} checks passed in ${(report.durationMs / 1000).toFixed(1)} s${notes.length ? ` (${notes.join(', ')})` : ''}`
}

/**
 * Keeps the report with the commit for the next run's baseline; a ledger
 * that refuses (e.g. no checks: write) only costs that baseline: a warning.
 */
export async function keepReport(
  deps: SmokeDeps,
  request: SmokeRequest,
  report: SmokeReport,
  summary: string
): Promise<void> {
  const data =
    JSON.stringify(report).length > MAX_REPORT_CHARS
      ? withoutLatencies(report)
      : report
  try {
    await deps.ledger.saveReport(request.sha, request.environment, STAGE, {
      title: describeOutcome(report),
      summary,
      data: data as unknown as Record<string, unknown>
    })
  } catch (error) {
    deps.reporter.warning(
      `could not keep the smoke report (${(error as Error).message}): the next deployment will have no latency baseline`
    )
  }
}
