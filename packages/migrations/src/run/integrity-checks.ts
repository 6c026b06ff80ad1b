import type { IntegrityCheck } from '../config/migration-config.js'
import type { Database } from '../db/types.js'
import { describeDriverError } from './migration-failure.js'
import type { CheckResult } from './types.js'

const TRUE = new Set(['true', 't', '1', 'yes', 'on'])

/**
 * Runs each integrity check; it holds when its query returns exactly one
 * row whose first column is true. Nothing a check does is kept.
 */
export async function runIntegrityChecks(
  db: Database,
  checks: readonly IntegrityCheck[],
  inTransaction: boolean
): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const check of checks) {
    results.push(await runCheck(db, check, inTransaction))
  }
  return results
}

async function runCheck(
  db: Database,
  check: IntegrityCheck,
  inTransaction: boolean
): Promise<CheckResult> {
  const sql = check.sql.trim().replace(/;\s*$/, '')
  // Inside the dry run's transaction a savepoint keeps a failing check from
  // aborting it; otherwise a read-only transaction keeps checks read-only.
  const [open, close] = inTransaction
    ? ['savepoint rehearse_check', 'rollback to savepoint rehearse_check']
    : [
        db.dialect === 'postgres'
          ? 'begin transaction read only'
          : 'start transaction read only',
        'rollback'
      ]
  await db.exec(open)
  try {
    const rows = await db.query<Record<string, unknown>>(sql)
    const [first] = rows
    const value = first ? Object.values(first)[0] : undefined
    const ok = rows.length === 1 && TRUE.has(String(value).toLowerCase())
    const detail =
      rows.length === 1
        ? `returned ${String(value)}`
        : `returned ${rows.length} rows (expected one row with true)`
    return { name: check.name, ok, detail }
  } catch (error) {
    return { name: check.name, ok: false, detail: describeDriverError(error) }
  } finally {
    await db.exec(close).catch(() => undefined)
  }
}
