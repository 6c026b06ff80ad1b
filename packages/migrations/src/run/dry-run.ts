import { readCatalog } from '../catalog/read-catalog.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { executeSql } from './execute-sql.js'
import { runIntegrityChecks } from './integrity-checks.js'
import { changesBetween, checksFailure } from './results.js'
import { toFailure } from './run-legs.js'
import type { RunContext, StepTiming } from './run-context.js'
import type { ToolResult } from './types.js'

type DryRunResult = Pick<
  ToolResult,
  'applied' | 'remaining' | 'legs' | 'changes' | 'checks' | 'notes' | 'failure'
>

/**
 * PostgreSQL: applies the pending migrations and the integrity checks in
 * one transaction, reads what changed, and rolls it all back. MySQL cannot
 * roll back DDL, so there the dry run only lists (with lint findings).
 */
export async function dryRunMigrations(
  ctx: RunContext,
  pending: readonly MigrationFile[]
): Promise<DryRunResult> {
  const { db, config } = ctx
  const nothing = {
    applied: [],
    remaining: pending.length,
    changes: [],
    checks: []
  }
  if (!db.transactionalDdl) {
    return {
      ...nothing,
      legs: [],
      notes: [
        `${db.label} cannot roll back DDL, so the dry run applied nothing: it lists the pending migrations and their lint findings.`
      ],
      failure: undefined
    }
  }
  const before = await readCatalog(db, config.historyTable)
  const notes = [
    'Everything below ran in one transaction that was rolled back.'
  ]
  const steps: StepTiming[] = []
  const started = performance.now()
  await db.exec('begin')
  try {
    for (const migration of pending) {
      if (!migration.transactional) {
        notes.push(
          `${migration.file} runs outside a transaction (rehearse:no-transaction), so the dry run stopped before it.`
        )
        break
      }
      ctx.reporter.info(`dry run: ${migration.file}`)
      const at = performance.now()
      await executeSql(
        db,
        {
          migration,
          direction: 'up',
          file: migration.file,
          sql: migration.sql
        },
        true
      )
      steps.push({
        version: migration.version,
        name: migration.name,
        file: migration.file,
        direction: 'up',
        durationMs: performance.now() - at,
        attempts: 1
      })
    }
    const leg = {
      name: 'up' as const,
      steps,
      durationMs: performance.now() - started
    }
    const after = await readCatalog(db, config.historyTable)
    const checks = await runIntegrityChecks(db, config.checks, true)
    return {
      ...nothing,
      legs: [leg],
      changes: changesBetween(before, after),
      checks,
      notes,
      failure: checksFailure(checks)
    }
  } catch (error) {
    const leg = {
      name: 'up' as const,
      steps,
      durationMs: performance.now() - started
    }
    return { ...nothing, legs: [leg], notes, failure: toFailure(error) }
  } finally {
    await db.exec('rollback').catch(() => undefined)
  }
}
