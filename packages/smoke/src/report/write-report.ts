import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SmokeReport } from './report-data.js'

/**
 * Writes the report as `rehearse-smoke-<environment>-<sha7>.json` in `dir`
 * (the runner's RUNNER_TEMP) and returns its path.
 */
export function writeSmokeReport(dir: string, report: SmokeReport): string {
  mkdirSync(dir, { recursive: true })
  const file = join(
    dir,
    `rehearse-smoke-${report.environment}-${report.sha.slice(0, 7)}.json`
  )
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  return file
}
