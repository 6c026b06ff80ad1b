import { formatDuration } from '@rehearse/engine'
import type { PipelineDeps } from '@rehearse/engine'
import { renderMigrationSummary } from '../report/render-summary.js'
import type { MigrationConfig } from '../config/migration-config.js'
import type { ToolResult } from '../run/types.js'
import { buildReportData } from './report-data.js'
import type { MigrationOutcome, MigrationStageRequest } from './types.js'

const STAGE = 'migrations'

/** Keeps what this run applied, for the production gate of this SHA. */
export async function saveStageReport(
  request: MigrationStageRequest,
  deps: PipelineDeps,
  config: MigrationConfig,
  outcome: MigrationOutcome,
  result: ToolResult
): Promise<void> {
  const status = outcome.status === 'skipped' ? 'success' : outcome.status
  await deps.ledger.saveReport(request.sha, request.environment, STAGE, {
    title: outcome.description,
    summary: outcome.summary,
    data: {
      ...buildReportData({
        status,
        tool: config.tool,
        setChecksum: outcome.setChecksum,
        database: result.database,
        set: result.set,
        applied: result.applied.map(step => step.version).filter(Boolean),
        rehearsed: result.rehearsal.ran
      })
    }
  })
}

const plural = (n: number, word: string): string =>
  `${n} ${word}${n === 1 ? '' : 's'}`

/** The one line for the status: what happened, or what failed. */
export function describeOutcome(
  outcome: Pick<
    MigrationOutcome,
    'status' | 'dryRun' | 'applied' | 'pending' | 'durationMs'
  >,
  result: ToolResult
): string {
  const failure = result.failure
  if (failure) {
    if (failure.kind === 'migration') {
      const verb =
        failure.direction === 'down' ? 'down migration failed' : 'failed'
      // Where: the file and line a person opens to fix it.
      return `V${failure.version} ${verb}: ${failure.detail.error} at ${failure.detail.where}`
    }
    return failure.message
  }
  const took = formatDuration(outcome.durationMs)
  if (outcome.dryRun) {
    return `Dry run: ${plural(result.pending.length, 'pending migration')}${result.legs.length ? `, ran in ${took} and rolled back` : ''}`
  }
  if (outcome.applied === undefined) return `Migration command ran in ${took}`
  if (outcome.applied === 0) return 'No pending migrations'
  const rehearsed = result.rehearsal.ran ? '; rollback rehearsed' : ''
  return `Applied ${plural(outcome.applied, 'migration')} in ${took}${rehearsed}`
}

const REASONS = {
  migration: 'migration_failed',
  lint: 'lint_failed',
  rehearsal: 'rollback_not_restored',
  checks: 'integrity_check_failed',
  command: 'command_failed',
  cancelled: 'cancelled'
} as const

export function toOutcome(
  request: MigrationStageRequest,
  config: MigrationConfig,
  setChecksum: string,
  result: ToolResult
): MigrationOutcome {
  const failure = result.failure
  const status = !failure
    ? 'success'
    : failure.kind === 'cancelled'
      ? 'cancelled'
      : 'failure'
  const finalUp = result.legs.filter(leg => leg.name !== 'down').at(-1)
  const sql = config.tool === 'sql'
  const base = {
    status,
    environment: request.environment,
    sha: request.sha,
    dryRun: request.dryRun,
    applied: sql ? result.applied.length : undefined,
    pending: sql ? result.remaining : undefined,
    durationMs: Math.round(finalUp?.durationMs ?? 0),
    setChecksum,
    result
  } as const
  return {
    ...base,
    reason: failure ? REASONS[failure.kind] : undefined,
    description: describeOutcome(base, result),
    summary: renderMigrationSummary(base, result)
  }
}
