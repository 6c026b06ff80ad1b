import { ConfigurationError, isConfigurationError } from '@rehearse/core'
import { migrationSetChecksum } from '@rehearse/engine'
import type { PipelineDeps } from '@rehearse/engine'
import { readMigrationConfig } from '../config/migration-config.js'
import type { MigrationConfig } from '../config/migration-config.js'
import { urlPassword } from '../db/describe-url.js'
import { readMigrationFiles } from '../files/read-migrations.js'
import { renderMigrationSummary } from '../report/render-summary.js'
import type { ToolResult } from '../run/types.js'
import { assertRehearsed } from './production-gate.js'
import { resolveTarget } from './resolve-target.js'
import { runTool } from './run-tool.js'
import {
  describeOutcome,
  saveStageReport,
  setStage,
  skippedOutcome,
  stateOf
} from './stage-records.js'
import type { MigrationOutcome, MigrationStageRequest } from './types.js'

/**
 * The migrations stage of one environment: posts `rehearse/<env>/migrations`
 * (pending, then success or failure — also when it refuses), checks the
 * production gate, applies (or dry-runs, or rehearses) the migrations and
 * saves what was applied as the stage report for this SHA. A dry run
 * records nothing. User-fixable refusals are thrown as ConfigurationError
 * after the status is set; a failing migration is a `failure` outcome.
 */
export async function runMigrationStage(
  request: MigrationStageRequest,
  deps: PipelineDeps
): Promise<MigrationOutcome> {
  const environment = request.plan.environments[request.environment]
  if (!environment)
    throw new ConfigurationError(`unknown environment "${request.environment}"`)
  const config = readMigrationConfig(request.plan)
  const checksum = migrationSetChecksum(request.plan, request.workspace)
  if (!config) return skippedOutcome(request, checksum)
  const record = !request.dryRun
  if (record) await setStage(request, deps, 'pending', 'Migrating…')
  let final: { state: 'success' | 'failure' | 'error'; description: string } = {
    state: 'error',
    description: 'Stopped by an error before it finished; see the log'
  }
  try {
    const result = await migrate(request, deps, config, checksum)
    const outcome = toOutcome(request, config, checksum, result)
    if (record) await saveStageReport(request, deps, config, outcome, result)
    final = { state: stateOf(outcome), description: outcome.description }
    return outcome
  } catch (error) {
    if (isConfigurationError(error))
      final = { state: 'failure', description: error.message }
    throw error
  } finally {
    // Never left pending, whatever happened above.
    if (record)
      await setStage(request, deps, final.state, final.description).catch(
        error =>
          deps.reporter.warning(`could not set the status: ${String(error)}`)
      )
  }
}

async function migrate(
  request: MigrationStageRequest,
  deps: PipelineDeps,
  config: MigrationConfig,
  checksum: string
): Promise<ToolResult> {
  const environment = request.plan.environments[request.environment]!
  const files =
    config.tool === 'sql'
      ? readMigrationFiles(
          request.workspace,
          config.dir ?? '',
          config.downNaming
        )
      : []
  const target = resolveTarget({
    config,
    environment,
    baseEnv: deps.baseEnv,
    workspace: request.workspace,
    databaseUrl: request.databaseUrl,
    embeddedInProduction: request.embeddedInProduction ?? false,
    pgliteDir: request.pgliteDir
  })
  if (environment.production && !request.dryRun) {
    const migrations = files.map(f => ({
      version: f.version,
      checksum: f.checksum
    }))
    await assertRehearsed(
      request.plan,
      request.environment,
      request.sha,
      { checksum, migrations },
      deps
    )
  }
  if (target && 'url' in target) {
    deps.reporter.mask(target.url)
    const password = urlPassword(target.url)
    if (password) deps.reporter.mask(password)
  }
  return runTool({
    request,
    config,
    files,
    target,
    deps,
    production: environment.production
  })
}

const REASONS = {
  migration: 'migration_failed',
  lint: 'lint_failed',
  rehearsal: 'rollback_not_restored',
  checks: 'integrity_check_failed',
  command: 'command_failed',
  cancelled: 'cancelled'
} as const

function toOutcome(
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
