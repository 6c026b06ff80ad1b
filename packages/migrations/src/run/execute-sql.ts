import type { Database } from '../db/types.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { lineAt, splitStatements } from '../sql/split-statements.js'
import type { SqlStatement } from '../sql/split-statements.js'
import {
  MigrationFailure,
  describeDriverError,
  isCancelled,
  isLockTimeout
} from './migration-failure.js'
import type { DriverError } from './migration-failure.js'

export interface SqlSource {
  readonly migration: MigrationFile
  readonly direction: 'up' | 'down'
  readonly file: string
  readonly sql: string
}

/**
 * Runs a migration's SQL. `whole`: as one text (PostgreSQL parses it; an
 * error with a position names its statement). Otherwise statement by
 * statement, so the failing one is known exactly (MySQL, no-transaction).
 */
export async function executeSql(
  db: Database,
  source: SqlSource,
  whole: boolean
): Promise<void> {
  if (whole) {
    try {
      await db.exec(source.sql)
    } catch (error) {
      const position = Number((error as DriverError).position)
      const at = Number.isFinite(position) && position > 0 ? position - 1 : -1
      const statement = splitStatements(source.sql, db.dialect).find(
        s => at >= s.offset && at <= s.offset + s.text.length
      )
      throw failure(
        source,
        error,
        at >= 0 ? lineAt(source.sql, at) : statement?.line,
        statement
      )
    }
    return
  }
  for (const statement of splitStatements(source.sql, db.dialect)) {
    try {
      await db.exec(statement.text)
    } catch (error) {
      throw failure(source, error, statement.line, statement)
    }
  }
}

function failure(
  source: SqlSource,
  error: unknown,
  line: number | undefined,
  statement: SqlStatement | undefined
): MigrationFailure {
  return new MigrationFailure(source.migration, source.direction, {
    where: line ? `${source.file}:${line}` : source.file,
    statement: statement?.text,
    error: describeDriverError(error),
    lockTimeout: isLockTimeout(error),
    cancelled: isCancelled(error)
  })
}
