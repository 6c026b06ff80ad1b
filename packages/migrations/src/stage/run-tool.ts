import type { PipelineDeps } from '@rehearse/engine'
import type { MigrationConfig } from '../config/migration-config.js'
import { openDatabase } from '../db/open-database.js'
import type { DatabaseTarget } from '../db/open-database.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { runCommandTool } from '../run/run-command-tool.js'
import { runSqlTool } from '../run/run-sql-tool.js'
import type { ToolResult } from '../run/types.js'
import type { MigrationStageRequest } from './types.js'

/**
 * Opens the database, runs the plan's tool on it and always closes it — the
 * connection carries the migration lock. Cancelling the job cancels the
 * running statement, so its transaction rolls back instead of being cut.
 */
export async function runTool(options: {
  readonly request: MigrationStageRequest
  readonly config: MigrationConfig
  readonly files: readonly MigrationFile[]
  readonly target: DatabaseTarget | undefined
  readonly deps: PipelineDeps
  readonly production: boolean
}): Promise<ToolResult> {
  const { request, config, target, deps } = options
  const db = target
    ? await openDatabase(target, {
        lockName: `rehearse:${config.historyTable}`,
        lockTimeoutMs: config.lockTimeoutMs,
        statementTimeoutMs: config.statementTimeoutMs,
        waitMs: config.waitMs
      })
    : undefined
  const onAbort = (): void => {
    deps.reporter.warning('cancelling the running migration statement')
    void db?.cancel().catch(() => undefined)
  }
  deps.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    if (db) deps.reporter.info(`database: ${db.label}`)
    return config.tool === 'sql' && db
      ? await runSqlTool(
          {
            db,
            config,
            appliedBy: appliedBy(request.sha, deps.logUrl),
            reporter: deps.reporter,
            signal: deps.signal
          },
          {
            files: options.files,
            dryRun: request.dryRun,
            rehearseRollback: request.rehearseRollback,
            production: options.production
          }
        )
      : await runCommandTool({
          config,
          db,
          databaseLabel: db?.label ?? 'the database the commands use',
          workspace: request.workspace,
          env: commandEnv(options, target),
          dryRun: request.dryRun,
          rehearseRollback: request.rehearseRollback,
          production: options.production,
          runner: deps.runner,
          reporter: deps.reporter,
          signal: deps.signal
        })
  } finally {
    deps.signal?.removeEventListener('abort', onAbort)
    await db?.close()
  }
}

function appliedBy(sha: string, logUrl: string | undefined): string {
  return `${sha.slice(0, 12)} ${logUrl ?? 'local run'}`
}

function commandEnv(
  options: Parameters<typeof runTool>[0],
  target: DatabaseTarget | undefined
): Record<string, string> {
  const { request, config, deps } = options
  const environment = request.plan.environments[request.environment]
  return {
    ...deps.baseEnv,
    ...environment?.env,
    REHEARSE_ENVIRONMENT: request.environment,
    REHEARSE_SHA: request.sha,
    ...(target && 'url' in target
      ? { [config.databaseUrlEnv.name]: target.url }
      : {})
  }
}
