import { readCatalog } from '../catalog/read-catalog.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { ensureHistoryTable, readHistory } from '../history/history-table.js'
import { historyTableExists } from '../history/history-exists.js'
import { validateHistory } from '../history/validate-history.js'
import { lintMigrations } from '../lint/lint-migrations.js'
import { decideRehearsal } from './decide-rehearsal.js'
import type { RehearseRollback } from './decide-rehearsal.js'
import { dryRunMigrations } from './dry-run.js'
import { runIntegrityChecks } from './integrity-checks.js'
import { takeLock } from './take-lock.js'
import { changesBetween, checksFailure } from './results.js'
import { runLegs } from './run-legs.js'
import type { RunContext } from './run-context.js'
import type { ToolResult } from './types.js'

export interface SqlToolInput {
  readonly files: readonly MigrationFile[]
  readonly dryRun: boolean
  readonly rehearseRollback: RehearseRollback
  readonly production: boolean
}

/**
 * tool: sql. Under the migration lock: validate the history against the
 * files, lint what is pending, then apply it (or dry-run it, or rehearse
 * its rollback), read the schema change from the catalog, and run the
 * integrity checks. Refusals before any change are ConfigurationErrors.
 */
export async function runSqlTool(
  ctx: RunContext,
  input: SqlToolInput
): Promise<ToolResult> {
  const { db, config } = ctx
  await takeLock(ctx)
  try {
    const table = config.historyTable
    const exists = await historyTableExists(db, table)
    if (!exists && !input.dryRun) await ensureHistoryTable(db, table)
    const rows = exists ? await readHistory(db, table) : []
    const pending = validateHistory(input.files, rows, table)
    const findings = lintMigrations(pending, db.dialect, config.lint)
    const rehearsal = decideRehearsal(
      input.rehearseRollback,
      pending,
      input.production,
      input.dryRun
    )
    const base = {
      database: db.label,
      set: input.files.map(f => ({ version: f.version, checksum: f.checksum })),
      pending: pending.map(f => ({ version: f.version, file: f.file })),
      findings,
      rehearsal,
      notes: [] as string[]
    }
    const errors = findings.filter(f => f.level === 'error')
    if (errors.length > 0 && !input.dryRun) {
      return {
        ...base,
        applied: [],
        remaining: pending.length,
        legs: [],
        changes: [],
        checks: [],
        failure: {
          kind: 'lint',
          message: `${errors.length} lint error(s) in pending migrations; nothing was applied. Fix them, or lower the rule's level under migrations.lint.`
        }
      }
    }
    if (input.dryRun)
      return { ...base, ...(await dryRunMigrations(ctx, pending)) }
    const before = await readCatalog(db, table)
    const run = await runLegs(ctx, pending, rehearsal.ran, before)
    const after = await readCatalog(db, table)
    const checks =
      run.failure || config.checks.length === 0
        ? []
        : await runIntegrityChecks(db, config.checks, false)
    return {
      ...base,
      ...run,
      changes: changesBetween(before, after),
      checks,
      failure: run.failure ?? checksFailure(checks)
    }
  } finally {
    await db.unlock().catch(() => undefined)
  }
}
