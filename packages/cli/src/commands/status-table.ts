import type { DeploymentRecord, StageStatus } from '@rehearse/engine'
import type { DeploymentAttempt } from '../ledger/deployment-attempts.js'
import { shortFingerprint, shortSha } from './print-outcome.js'
import { ageOf, renderTable } from './text-table.js'

export { formatAge } from './text-table.js'

/** One environment's line of `rehearse status`. */
export interface StatusRow {
  readonly environment: string
  /** What it serves now: its last successful deployment. */
  readonly serving: DeploymentRecord | undefined
  /** The newest attempt, unless it is the success of what it serves. */
  readonly newest: DeploymentAttempt | undefined
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
  'SERVES',
  'SINCE',
  'FINGERPRINT',
  'HEAD STAGES',
  'NEWEST ATTEMPT'
]

/** The rows as an aligned text table. */
export function renderStatusTable(
  rows: readonly StatusRow[],
  now: Date
): string {
  return renderTable(
    HEADERS,
    rows.map(({ environment, serving, newest, stages }) => [
      environment,
      serving ? shortSha(serving.sha) : '-',
      serving ? ageOf(serving.updatedAt, now) : '-',
      serving?.payload ? shortFingerprint(serving.payload.fingerprint) : '-',
      stages.map(s => `${s.stage} ${STAGE_MARKS[s.state]}`).join(', ') || '-',
      newest ? describeAttempt(newest, now) : '-'
    ])
  )
}

/** `def5678 failure 2m ago`: an attempt in a few words. */
export function describeAttempt(attempt: DeploymentAttempt, now: Date): string {
  return `${shortSha(attempt.deployment.sha)} ${attemptState(attempt)} ${ageOf(attempt.startedAt, now)}`
}

/** The attempt's state as people read it. */
export function attemptState(attempt: DeploymentAttempt): string {
  if (attempt.state === undefined) return 'never started'
  return attempt.state === 'in_progress' ? 'in progress' : attempt.state
}

/**
 * Whether the newest attempt is worth showing beside what the environment
 * serves: anything but the success that made it the one served.
 */
export function differsFromServing(
  newest: DeploymentAttempt | undefined,
  serving: DeploymentRecord | undefined
): boolean {
  if (!newest) return false
  return newest.state !== 'success' || newest.deployment.id !== serving?.id
}
