import type { DeploymentRecord, StageStatus } from '@rehearse/engine'
import { shortFingerprint, shortSha } from './print-outcome.js'

/** One environment's line of `rehearse status`. */
export interface StatusRow {
  readonly environment: string
  readonly deployment: DeploymentRecord | undefined
  /** Stages reported for HEAD in this environment. */
  readonly stages: readonly StageStatus[]
}

const STAGE_MARKS: Record<StageStatus['state'], string> = {
  success: '✓',
  failure: '✗',
  error: '!',
  pending: '…'
}

const HEADERS = [
  'ENVIRONMENT',
  'SHA',
  'STATE',
  'FINGERPRINT',
  'HEAD STAGES',
  'AGE'
]

/** The rows as an aligned text table. */
export function renderStatusTable(
  rows: readonly StatusRow[],
  now: Date
): string {
  const cells = rows.map(row => [
    row.environment,
    row.deployment ? shortSha(row.deployment.sha) : '-',
    row.deployment?.state ?? (row.deployment ? 'created' : 'never deployed'),
    row.deployment?.payload
      ? shortFingerprint(row.deployment.payload.fingerprint)
      : '-',
    row.stages.map(s => `${s.stage} ${STAGE_MARKS[s.state]}`).join(', ') || '-',
    row.deployment
      ? formatAge(now.getTime() - Date.parse(row.deployment.updatedAt))
      : '-'
  ])
  const table = [HEADERS, ...cells]
  const widths = HEADERS.map((_, column) =>
    Math.max(...table.map(line => [...(line[column] ?? '')].length))
  )
  return table
    .map(line =>
      line
        .map((cell, column) =>
          column === line.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)
        )
        .join('  ')
    )
    .join('\n')
    .concat('\n')
}

/** `12s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`
  return `${Math.floor(seconds / 86_400)}d ago`
}
