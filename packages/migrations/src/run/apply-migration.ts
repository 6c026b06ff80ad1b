import { setTimeout as sleep } from 'node:timers/promises'
import type { MigrationFile } from '../files/read-migrations.js'
import { deleteRow, finishRow, insertRow } from '../history/history-table.js'
import { executeSql } from './execute-sql.js'
import { MigrationCancelled, MigrationFailure } from './migration-failure.js'
import type { RunContext, StepTiming } from './run-context.js'

const NO_TRANSACTION = /^[ \t]*--[ \t]*rehearse:no-transaction[ \t]*$/m

/**
 * Applies one migration and records it. In a transaction where the database
 * allows (the history row commits with it, or neither does; a lock timeout
 * is retried). Otherwise the row is written first as `running` and then
 * marked `success` or `failed`, so an interrupted run is never mistaken for
 * a finished one.
 */
export async function applyUp(
  ctx: RunContext,
  migration: MigrationFile
): Promise<StepTiming> {
  if (ctx.signal?.aborted) throw new MigrationCancelled()
  const { db, config } = ctx
  const table = config.historyTable
  const source = {
    migration,
    direction: 'up' as const,
    file: migration.file,
    sql: migration.sql
  }
  const row = {
    version: migration.version,
    name: migration.name,
    checksum: migration.checksum,
    appliedBy: ctx.appliedBy
  }
  ctx.reporter.info(`applying ${migration.file}`)
  if (db.transactionalDdl && migration.transactional) {
    return withRetries(ctx, migration, async () => {
      const durationMs = await inTransaction(ctx, async () => {
        const started = performance.now()
        await executeSql(db, source, true)
        const took = performance.now() - started
        await insertRow(db, table, {
          ...row,
          status: 'success',
          durationMs: took
        })
        return took
      })
      return durationMs
    })
  }
  await insertRow(db, table, { ...row, status: 'running', durationMs: 0 })
  const started = performance.now()
  try {
    await executeSql(db, source, false)
  } catch (error) {
    await recordFailure(ctx, migration, error, performance.now() - started)
    throw error
  }
  const durationMs = performance.now() - started
  await finishRow(db, table, migration.version, {
    status: 'success',
    durationMs
  })
  return timing(migration, 'up', durationMs, 1)
}

/** Reverts one applied migration with its down file and forgets it. */
export async function applyDown(
  ctx: RunContext,
  migration: MigrationFile
): Promise<StepTiming> {
  if (ctx.signal?.aborted) throw new MigrationCancelled()
  const down = migration.down
  if (!down) throw new Error(`V${migration.version} has no down migration`)
  const { db, config } = ctx
  const source = { migration, direction: 'down' as const, ...down }
  ctx.reporter.info(`reverting with ${down.file}`)
  const started = performance.now()
  if (db.transactionalDdl && !NO_TRANSACTION.test(down.sql)) {
    await inTransaction(ctx, async () => {
      await executeSql(db, source, true)
      await deleteRow(db, config.historyTable, migration.version)
    })
  } else {
    try {
      await executeSql(db, source, false)
    } catch (error) {
      await recordFailure(ctx, migration, error, performance.now() - started)
      throw error
    }
    await deleteRow(db, config.historyTable, migration.version)
  }
  return timing(migration, 'down', performance.now() - started, 1)
}

async function inTransaction<T>(
  ctx: RunContext,
  body: () => Promise<T>
): Promise<T> {
  await ctx.db.exec('begin')
  try {
    const result = await body()
    await ctx.db.exec('commit')
    return result
  } catch (error) {
    await ctx.db.exec('rollback').catch(() => undefined)
    throw error
  }
}

async function withRetries(
  ctx: RunContext,
  migration: MigrationFile,
  attempt: () => Promise<number>
): Promise<StepTiming> {
  const tries = ctx.config.lockRetries + 1
  for (let n = 1; ; n++) {
    try {
      return timing(migration, 'up', await attempt(), n)
    } catch (error) {
      const retry =
        error instanceof MigrationFailure &&
        error.detail.lockTimeout &&
        n < tries &&
        !ctx.signal?.aborted
      if (!retry) throw error
      // Back off with jitter so the blocking transaction can finish first.
      const wait = Math.min(10_000, 500 * 2 ** n) * (0.5 + Math.random() / 2)
      ctx.reporter.warning(
        `${migration.file} waited longer than lock-timeout (${ctx.config.lockTimeoutMs / 1000} s) for a table lock and was rolled back; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${n + 1} of ${tries})`
      )
      await sleep(wait)
    }
  }
}

async function recordFailure(
  ctx: RunContext,
  migration: MigrationFile,
  error: unknown,
  durationMs: number
): Promise<void> {
  const text =
    error instanceof MigrationFailure
      ? [
          `${error.direction === 'down' ? 'down migration ' : ''}${error.detail.where}: ${error.detail.error}`,
          ...(error.detail.statement ? [error.detail.statement] : [])
        ].join('\n')
      : String(error)
  // If the connection is gone the row stays `running`: still refused later.
  await finishRow(ctx.db, ctx.config.historyTable, migration.version, {
    status: 'failed',
    durationMs,
    error: text.slice(0, 4000)
  }).catch(() => undefined)
}

function timing(
  migration: MigrationFile,
  direction: 'up' | 'down',
  durationMs: number,
  attempts: number
): StepTiming {
  return {
    version: migration.version,
    name: migration.name,
    file: direction === 'up' ? migration.file : (migration.down?.file ?? ''),
    direction,
    durationMs,
    attempts
  }
}
