export type SqlDialect = 'postgres' | 'mysql'

/** One statement of a migration file, located in it. */
export interface SqlStatement {
  /** The statement as written, without the delimiter and leading comments. */
  readonly text: string
  /** Where `text` starts in the file (0-based character offset). */
  readonly offset: number
  /** 1-based line of the statement's first token. */
  readonly line: number
  /** `text` with comments blanked and string literals as `_` (same length). */
  readonly masked: string
}

interface Scan {
  masked: string[]
  /** [start, end) of each statement's region in the file. */
  regions: Array<[number, number]>
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++)
    if (text[i] === '\n') line++
  return line
}

/**
 * Splits SQL into statements the way the database would read them:
 * semicolons inside strings, quoted identifiers, comments and (PostgreSQL)
 * dollar-quoted bodies do not split; MySQL `DELIMITER` lines are honoured.
 */
export function splitStatements(
  sql: string,
  dialect: SqlDialect
): SqlStatement[] {
  const { masked, regions } = scan(sql, dialect)
  const statements: SqlStatement[] = []
  for (const [start, end] of regions) {
    let from = start
    let to = end
    while (from < to && /\s/.test(masked[from] ?? '')) from++
    while (to > from && /\s/.test(masked[to - 1] ?? '')) to--
    if (from === to) continue
    statements.push({
      text: sql.slice(from, to),
      offset: from,
      line: lineAt(sql, from),
      masked: masked.slice(from, to).join('')
    })
  }
  return statements
}

function scan(sql: string, dialect: SqlDialect): Scan {
  const masked = [...sql]
  const regions: Array<[number, number]> = []
  // Comments become spaces; strings become "_" so a statement that ends
  // in a string is not trimmed short.
  const blank = (from: number, to: number, fill = ' '): void => {
    for (let k = from; k < to; k++) if (masked[k] !== '\n') masked[k] = fill
  }
  let delimiter = ';'
  let start = 0
  let i = 0
  while (i < sql.length) {
    if (dialect === 'mysql' && atLineStart(sql, i)) {
      const found = /^[ \t]*DELIMITER[ \t]+(\S+)[^\n]*/i.exec(sql.slice(i))
      if (found?.[1]) {
        regions.push([start, i])
        blank(i, i + found[0].length)
        delimiter = found[1]
        i += found[0].length
        start = i
        continue
      }
    }
    const end = skipToken(sql, i, dialect)
    if (end.mask) blank(i, end.next, end.string ? '_' : ' ')
    if (end.next > i + 1 || end.mask) {
      i = end.next
      continue
    }
    if (sql.startsWith(delimiter, i)) {
      regions.push([start, i])
      i += delimiter.length
      start = i
      continue
    }
    i++
  }
  regions.push([start, sql.length])
  return { masked: masked, regions }
}

function atLineStart(sql: string, i: number): boolean {
  return i === 0 || sql[i - 1] === '\n'
}

/** A comment, string or quoted name starting at `i`, and where it ends. */
function skipToken(
  sql: string,
  i: number,
  dialect: SqlDialect
): { next: number; mask: boolean; string?: boolean } {
  const c = sql[i]
  const two = sql.slice(i, i + 2)
  if (two === '--' || (dialect === 'mysql' && c === '#')) {
    const end = sql.indexOf('\n', i)
    return { next: end === -1 ? sql.length : end, mask: true }
  }
  if (two === '/*')
    return { next: blockCommentEnd(sql, i, dialect), mask: true }
  if (c === "'") {
    // PostgreSQL reads backslash escapes only in E'...' strings.
    const escape =
      /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '')
    const backslash = dialect === 'mysql' || escape
    return { next: quotedEnd(sql, i, "'", backslash), mask: true, string: true }
  }
  if (c === '"') {
    // PostgreSQL: a quoted name (kept for lint); MySQL: a string.
    const isString = dialect === 'mysql'
    return {
      next: quotedEnd(sql, i, '"', isString),
      mask: isString,
      string: isString
    }
  }
  if (c === '`' && dialect === 'mysql')
    return { next: quotedEnd(sql, i, '`', false), mask: false }
  if (c === '$' && dialect === 'postgres') {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))
    if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const close = sql.indexOf(tag[0], i + tag[0].length)
      return {
        next: close === -1 ? sql.length : close + tag[0].length,
        mask: true,
        string: true
      }
    }
  }
  return { next: i + 1, mask: false }
}

function quotedEnd(
  sql: string,
  i: number,
  quote: string,
  backslash: boolean
): number {
  let k = i + 1
  while (k < sql.length) {
    if (backslash && sql[k] === '\\') {
      k += 2
      continue
    }
    if (sql[k] === quote) {
      if (sql[k + 1] === quote) {
        k += 2
        continue
      }
      return k + 1
    }
    k++
  }
  return sql.length
}

function blockCommentEnd(sql: string, i: number, dialect: SqlDialect): number {
  let depth = 0
  let k = i
  while (k < sql.length) {
    if (sql.startsWith('/*', k)) {
      // PostgreSQL nests block comments; MySQL does not.
      depth = dialect === 'postgres' ? depth + 1 : 1
      k += 2
    } else if (sql.startsWith('*/', k)) {
      depth--
      k += 2
      if (depth === 0) return k
    } else k++
  }
  return sql.length
}
