import { formatDuration } from '@rehearse/engine'
import type { PipelineDeps, StageState } from '@rehearse/engine'
import type { MigrationConfig } from '../config/migration-config.js'
import type { ToolResult } from '../run/types.js'
import { buildReportData } from './report-data.js'
import type { MigrationOutcome, MigrationStageRequest } from './types.js'

const STAGE = 'migrations'
// GitHub keeps 140 characters of a commit status description.
const MAX_DESCRIPTION = 140

export async function setStage(
  request: MigrationStageRequest,
  deps: PipelineDeps,
  state: StageState,
  description: string
): Promise<void> {
  const line = description.split('\n')[0] ?? ''
  await deps.ledger.setStage(request.sha, {
    environment: request.environment,
    stage: STAGE,
    state,
    description:
      line.length > MAX_DESCRIPTION
        ? `${line.slice(0, MAX_DESCRIPTION - 1)}…`
        : line,
    targetUrl: deps.logUrl
  })
}

export function stateOf(
  outcome: MigrationOutcome
): 'success' | 'failure' | 'error' {
  if (outcome.status === 'success') return 'success'
  return outcome.status === 'cancelled' ? 'error' : 'failure'
}

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
      return `V${failure.version} ${verb}: ${failure.detail.error}`
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

export function skippedOutcome(
  request: MigrationStageRequest,
  setChecksum: string
): MigrationOutcome {
  const description = `${request.plan.file} defines no migrations: nothing to do`
  return {
    status: 'skipped',
    environment: request.environment,
    sha: request.sha,
    dryRun: request.dryRun,
    applied: 0,
    pending: 0,
    durationMs: 0,
    setChecksum,
    result: undefined,
    reason: undefined,
    description,
    summary: `### Migrations · ${request.environment}\n\n${description}.`
  }
}
