import { ConfigurationError } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'
import { compareVersions } from '../files/file-names.js'
import type { MigrationFile } from '../files/read-migrations.js'
import type { HistoryRow } from './history-table.js'

interface Problem {
  readonly reason: ReasonCode
  readonly message: string
}

const short = (checksum: string): string => checksum.slice(0, 12)

/**
 * Compares the directory with what the database recorded, before anything
 * runs, and returns the migrations still to apply. Refuses (all problems at
 * once) when an applied migration was edited or removed, when a failed or
 * interrupted migration awaits repair, or when a new migration sorts below
 * an applied one. Never repairs anything itself.
 */
export function validateHistory(
  files: readonly MigrationFile[],
  rows: readonly HistoryRow[],
  table: string
): MigrationFile[] {
  const byVersion = new Map(files.map(file => [file.version, file]))
  const recorded = new Map(rows.map(row => [row.version, row]))
  const problems: Problem[] = []
  const newestFile = files
    .map(file => file.version)
    .sort(compareVersions)
    .at(-1)
  for (const row of rows) {
    const file = byVersion.get(row.version)
    // An older release deployed again (a rollback) has none of the newer
    // migrations: the schema is ahead of it, as staging rehearsed. Only a
    // gap below the newest file means a file was deleted.
    if (
      !file &&
      row.status === 'success' &&
      (newestFile === undefined || compareVersions(row.version, newestFile) > 0)
    )
      continue
    if (row.status !== 'success') problems.push(unfinished(row, table))
    else if (!file) problems.push(missing(row))
    else if (file.checksum !== row.checksum) problems.push(edited(row, file))
  }
  const pending = files.filter(file => !recorded.has(file.version))
  const highest = rows
    .map(row => row.version)
    .sort(compareVersions)
    .at(-1)
  for (const file of pending) {
    if (highest && compareVersions(file.version, highest) < 0) {
      problems.push({
        reason: 'migration_out_of_order',
        message: `${file.file} is new but version ${highest} is already applied, so it would run out of order. Give it a version above ${highest}.`
      })
    }
  }
  const [first] = problems
  if (first) {
    throw new ConfigurationError(problems.map(p => p.message).join('\n'), {
      reason: first.reason
    })
  }
  return pending
}

function unfinished(row: HistoryRow, table: string): Problem {
  const what =
    row.status === 'failed'
      ? `failed at ${row.appliedAt}`
      : `was interrupted at ${row.appliedAt} (the run stopped while applying it)`
  const where = `version = '${row.version}'`
  return {
    reason: 'migration_failed_earlier',
    message: [
      `V${row.version} (${row.name}) ${what} and is recorded as ${row.status} in ${table}; nothing runs until it is resolved.`,
      ...(row.error ? [`  ${row.error.split('\n').join('\n  ')}`] : []),
      `  This database cannot roll back DDL, so part of V${row.version} may be applied. Check the schema, then either`,
      `  - undo what it did and delete its row to run it again: DELETE FROM ${table} WHERE ${where};`,
      `  - or complete it by hand and mark it applied: UPDATE ${table} SET status = 'success' WHERE ${where};`
    ].join('\n')
  }
}

function missing(row: HistoryRow): Problem {
  return {
    reason: 'applied_migration_missing',
    message: `V${row.version} (${row.name}) is applied in the database but its file is gone from the migrations directory. Restore it: applied migrations are history and stay in the repository.`
  }
}

function edited(row: HistoryRow, file: MigrationFile): Problem {
  return {
    reason: 'checksum_mismatch',
    message: `${file.file} was edited after it was applied (checksum ${short(row.checksum)} applied at ${row.appliedAt}, ${short(file.checksum)} now). Revert the edit and put the change in a new migration with a higher version.`
  }
}
