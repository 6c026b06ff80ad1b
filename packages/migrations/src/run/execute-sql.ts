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
      const statements = splitStatements(source.sql, db.dialect)
      const statement =
        at >= 0
          ? statements.find(
              s => at >= s.offset && at <= s.offset + s.text.length
            )
          : statementNaming(statements, error)
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

/**
 * Without a position (PostgreSQL gives none for, e.g., an ALTER TABLE of a
 * missing relation), the one statement that names what the error quotes
 * (`relation "visit"`), if exactly one does: the file and line a person
 * needs, never a guess between two.
 */
function statementNaming(
  statements: readonly SqlStatement[],
  error: unknown
): SqlStatement | undefined {
  const message = String((error as DriverError)?.message ?? '')
  const names = [...message.matchAll(/"([^"]+)"/g)].map(m => m[1] ?? '')
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const namedIn = (s: SqlStatement) =>
    names.filter(name =>
      new RegExp(`(^|[^\\w$])"?${escape(name)}"?($|[^\\w$])`, 'i').test(s.text)
    ).length
  // Those naming everything quoted first (column "v" of relation "t").
  for (const enough of [names.length, 1]) {
    const naming = statements.filter(s => enough > 0 && namedIn(s) >= enough)
    if (naming.length === 1) return naming[0]
  }
  return undefined
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
