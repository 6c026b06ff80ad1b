import { ConfigurationError } from '@rehearse/core'
import { migrationSetChecksum } from '@rehearse/engine'
import type {
  PreparedStage,
  StageContext,
  StagePort,
  StageResult
} from '@rehearse/engine'
import { readMigrationConfig } from '../config/migration-config.js'
import type { MigrationConfig } from '../config/migration-config.js'
import type { DatabaseTarget } from '../db/open-database.js'
import { urlPassword } from '../db/describe-url.js'
import { readMigrationFiles } from '../files/read-migrations.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { assertRehearsed } from './production-gate.js'
import { resolveTarget } from './resolve-target.js'
import { runTool } from './run-tool.js'
import { saveStageReport, toOutcome } from './stage-records.js'
import type { MigrationOutcome, MigrationStageOptions } from './types.js'

/** The migrations stage of the one pipeline, and what its last run did. */
export interface MigrationStage {
  readonly port: StagePort
  /** The outcome of the last run; undefined before one (or when refused). */
  outcome(): MigrationOutcome | undefined
}

/**
 * The plan's migrations as a pipeline stage. Preflight resolves the
 * database actually used (so the boundary can check it), reads and checks
 * the files, and in production checks that the rehearsal applied the same
 * set; running opens the database, applies (or dry-runs, or rehearses)
 * and keeps what was applied as the stage report for this SHA.
 */
export function createMigrationStage(
  options: MigrationStageOptions
): MigrationStage {
  let last: MigrationOutcome | undefined
  const port: StagePort = {
    name: 'migrations',
    defines: plan => readMigrationConfig(plan) !== undefined,
    prepare: async context => {
      const config = readMigrationConfig(context.plan)
      if (!config) throw new Error('the plan defines no migrations')
      return prepare(context, config, options, outcome => (last = outcome))
    }
  }
  return { port, outcome: () => last }
}

async function prepare(
  context: StageContext,
  config: MigrationConfig,
  options: MigrationStageOptions,
  keep: (outcome: MigrationOutcome) => void
): Promise<PreparedStage> {
  const { plan, environment: name, workspace, sha, deps } = context
  const environment = plan.environments[name]
  if (!environment) throw new Error(`unknown environment ${name}`)
  const checksum = migrationSetChecksum(plan, workspace)
  const files =
    config.tool === 'sql'
      ? readMigrationFiles(workspace, config.dir ?? '', config.downNaming)
      : []
  const resolved = resolveTarget({
    config,
    environment,
    baseEnv: deps.baseEnv,
    workspace,
    databaseUrl: options.databaseUrl,
    embeddedInProduction: options.embeddedInProduction ?? false,
    pgliteDir: options.pgliteDir
  })
  const target = resolved?.target
  if (target && 'url' in target) {
    maskUrl(target.url, deps.reporter)
    // The SQL tool opens it itself: a scheme it cannot open is refused
    // here, before the lock, the statuses or the database are touched.
    if (config.tool === 'sql') checkSqlScheme(target.url)
  }
  const request = { ...options, plan, environment: name, workspace, sha }
  return {
    reaches: resolved?.source
      ? [{ where: resolved.source, text: resolved.target.url }]
      : [],
    records: !options.dryRun,
    activity: options.dryRun ? 'Dry-running migrations…' : 'Migrating…',
    verify:
      environment.production && !options.dryRun
        ? () =>
            assertRehearsed(
              plan,
              name,
              sha,
              { checksum, migrations: setOf(files) },
              deps,
              context.required
            )
        : undefined,
    run: async ({ deps: runDeps }): Promise<StageResult> => {
      if (target && 'pgliteDir' in target && options.warnEmbedded)
        runDeps.reporter.warning(
          `no database URL for ${name}: migrating an embedded PGlite database (${target.label}) that only this job sees. Pass the "database-url" input (from a secret) to migrate ${name}'s own database.`
        )
      const result = await runTool({
        request,
        config,
        files,
        target: target as DatabaseTarget | undefined,
        deps: runDeps,
        production: environment.production
      })
      const outcome = toOutcome(request, config, checksum, result)
      keep(outcome)
      if (!options.dryRun)
        await saveStageReport(request, runDeps, config, outcome, result)
      return {
        status: outcome.status === 'skipped' ? 'success' : outcome.status,
        description: outcome.description,
        summary: outcome.summary,
        reason: outcome.reason
      }
    }
  }
}

function setOf(files: readonly MigrationFile[]) {
  return files.map(f => ({ version: f.version, checksum: f.checksum }))
}

function checkSqlScheme(url: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase()
  if (!['postgres', 'postgresql', 'mysql', 'mariadb'].includes(scheme ?? ''))
    throw new ConfigurationError(
      `the database URL must start with postgres://, postgresql://, mysql:// or mariadb:// (got ${scheme ? `${scheme}://` : 'no scheme'}).`,
      { reason: 'database_url_invalid' }
    )
}

function maskUrl(url: string, reporter: { mask(value: string): void }): void {
  reporter.mask(url)
  const password = urlPassword(url)
  if (password) reporter.mask(password)
  try {
    new URL(url)
  } catch {
    throw new ConfigurationError(
      'the database URL cannot be parsed as a URL; give it as postgres://user:password@host:5432/database (or mysql://…), with special characters in the password percent-encoded.',
      { reason: 'database_url_invalid' }
    )
  }
}
