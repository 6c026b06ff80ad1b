import type {
  LintLevel,
  LintRule,
  MigrationConfig
} from '../config/migration-config.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { lineAt, splitStatements } from '../sql/split-statements.js'
import type { SqlDialect, SqlStatement } from '../sql/split-statements.js'
import { statementFindings } from './statement-rules.js'

/** One lint finding, located in its file. */
export interface LintFinding {
  readonly rule: LintRule
  readonly level: Exclude<LintLevel, 'off'>
  readonly file: string
  readonly line: number
  readonly message: string
}

/**
 * Lints the migrations about to run, in order. Tables created by an earlier
 * statement of the same run are new (and empty), so rules about existing
 * tables leave them alone. A file silences a rule with
 * `-- rehearse:allow <rule>`; the plan sets each rule's level.
 */
export function lintMigrations(
  pending: readonly MigrationFile[],
  dialect: SqlDialect,
  levels: MigrationConfig['lint']
): LintFinding[] {
  const created = new Set<string>()
  const findings: LintFinding[] = []
  for (const migration of pending) {
    for (const statement of splitStatements(migration.sql, dialect)) {
      for (const found of statementFindings(statement, {
        dialect,
        created,
        transactional: migration.transactional
      })) {
        const level = levels[found.rule]
        if (level === 'off' || migration.allowed.includes(found.rule)) continue
        findings.push({
          rule: found.rule,
          level,
          file: migration.file,
          line: lineOf(migration.sql, statement, found.index),
          message: found.message
        })
      }
    }
  }
  return findings
}

function lineOf(sql: string, statement: SqlStatement, index: number): number {
  return lineAt(sql, statement.offset + index)
}
