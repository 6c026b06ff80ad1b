import type { LintRule } from '../config/migration-config.js'
import type { SqlDialect, SqlStatement } from '../sql/split-statements.js'

export interface RawFinding {
  readonly rule: LintRule
  /** Offset in the statement of what the finding is about. */
  readonly index: number
  readonly message: string
}

export interface RuleContext {
  readonly dialect: SqlDialect
  /** Tables created earlier in this run (normalized names); updated here. */
  readonly created: Set<string>
  readonly transactional: boolean
}

const NAME = String.raw`((?:"[^"]+"|\x60[^\x60]+\x60|[\w$]+)(?:\.(?:"[^"]+"|\x60[^\x60]+\x60|[\w$]+))?)`
const IF_EXISTS = String.raw`(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`

/** `public."Users"` → `users`: how a name is compared across statements. */
export function tableKey(name: string): string {
  const last = name.split('.').pop() ?? name
  return last.replace(/^["`]|["`]$/g, '').toLowerCase()
}

/** What is risky in one statement (masked: strings and comments blanked). */
export function statementFindings(
  statement: SqlStatement,
  context: RuleContext
): RawFinding[] {
  const sql = statement.masked
  const findings: RawFinding[] = []
  const createTable = new RegExp(
    String.raw`^CREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+${IF_EXISTS}${NAME}`,
    'i'
  ).exec(sql)
  if (createTable?.[1]) {
    context.created.add(tableKey(createTable[1]))
    return findings
  }
  if (context.dialect === 'postgres') findings.push(...indexRules(sql, context))
  const dropTable = new RegExp(
    String.raw`^DROP\s+TABLE\s+${IF_EXISTS}${NAME}`,
    'i'
  ).exec(sql)
  if (dropTable?.[1] && !context.created.has(tableKey(dropTable[1]))) {
    findings.push({
      rule: 'drop-table',
      index: 0,
      message: `drops table ${dropTable[1]}: its data is gone, and the release still running may read it. Drop it in a later release, once no code uses it.`
    })
  }
  findings.push(...renameTable(sql), ...alterTableRules(sql, context))
  return findings
}

function indexRules(sql: string, context: RuleContext): RawFinding[] {
  const findings: RawFinding[] = []
  const concurrently =
    /^(?:CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX\s+\w+)\s+CONCURRENTLY\b|^ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b/is.exec(
      sql
    )
  if (concurrently && context.transactional) {
    findings.push({
      rule: 'concurrently-in-transaction',
      index: 0,
      message:
        'CONCURRENTLY cannot run inside a transaction, and this migration runs in one. Put it in its own migration with the line "-- rehearse:no-transaction".'
    })
  }
  const index = new RegExp(
    String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)(?:${IF_EXISTS}[\w$"]+\s+)?ON\s+(?:ONLY\s+)?${NAME}`,
    'i'
  ).exec(sql)
  if (index?.[1] && !context.created.has(tableKey(index[1]))) {
    findings.push({
      rule: 'index-not-concurrent',
      index: 0,
      message: `creates an index on existing table ${index[1]} without CONCURRENTLY, which blocks writes to it while the index builds. Use CREATE INDEX CONCURRENTLY in a migration marked "-- rehearse:no-transaction".`
    })
  }
  return findings
}

function renameTable(sql: string): RawFinding[] {
  const rename = /^RENAME\s+TABLE\b/i.exec(sql)
  return rename
    ? [
        {
          rule: 'rename',
          index: 0,
          message:
            'renames a table: the release still running uses the old name. Add the new table or a view first, switch the code, then drop the old name.'
        }
      ]
    : []
}

function alterTableRules(sql: string, context: RuleContext): RawFinding[] {
  const alter = new RegExp(
    String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${NAME}\s*`,
    'i'
  ).exec(sql)
  if (!alter?.[1]) return []
  const table = alter[1]
  const isNew = context.created.has(tableKey(table))
  const findings: RawFinding[] = []
  for (const action of topLevelParts(sql, alter[0].length)) {
    const text = sql.slice(action.start, action.end)
    const found = actionFinding(text, table, isNew)
    if (found) findings.push({ ...found, index: action.start })
  }
  return findings
}

function actionFinding(
  action: string,
  table: string,
  isNew: boolean
): Omit<RawFinding, 'index'> | undefined {
  const rename =
    /^RENAME\s+(?!CONSTRAINT\b|INDEX\b|KEY\b)(?:(TO|AS)\b|(?:COLUMN\s+)?([\w$"`]+))/i.exec(
      action
    )
  if (rename) {
    const what = rename[2]
      ? `column ${rename[2]} of ${table}`
      : `table ${table}`
    return {
      rule: 'rename',
      message: `renames ${what}: the release still running uses the old name. Add the new name alongside, switch the code, then remove the old one.`
    }
  }
  const drop =
    /^DROP\s+(?!CONSTRAINT\b|INDEX\b|KEY\b|PRIMARY\b|FOREIGN\b|CHECK\b|DEFAULT\b|PARTITION\b)(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?([\w$"`]+)/i.exec(
      action
    )
  if (drop?.[1] && !isNew) {
    return {
      rule: 'drop-column',
      message: `drops column ${drop[1]} of ${table}: the release still running may read or write it. Stop using it in one release, drop it in the next.`
    }
  }
  const add =
    /^ADD\s+(?!CONSTRAINT\b|PRIMARY\b|UNIQUE\b|FOREIGN\b|CHECK\b|INDEX\b|KEY\b|FULLTEXT\b|SPATIAL\b|PARTITION\b)(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?([\w$"`]+)/i.exec(
      action
    )
  if (
    add?.[1] &&
    !isNew &&
    /\bNOT\s+NULL\b/i.test(action) &&
    !/\bDEFAULT\b|\bGENERATED\b|\bAUTO_INCREMENT\b|\bSERIAL\b/i.test(action)
  ) {
    return {
      rule: 'not-null-without-default',
      message: `adds NOT NULL column ${add[1]} to ${table} without a DEFAULT: it fails on a table with rows (MySQL fills in 0 or ''). Add a DEFAULT, or add it nullable, backfill, then set NOT NULL.`
    }
  }
  return undefined
}

/** The comma-separated actions of an ALTER TABLE, outside parentheses. */
function topLevelParts(
  sql: string,
  from: number
): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = []
  let depth = 0
  let start = from
  for (let i = from; i <= sql.length; i++) {
    const c = sql[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if ((c === ',' && depth === 0) || i === sql.length) {
      let s = start
      while (s < i && /\s/.test(sql[s] ?? '')) s++
      if (s < i) parts.push({ start: s, end: i })
      start = i + 1
    }
  }
  return parts
}
