import type { DataConnection, Value } from '../db/connection.js'
import type { KeyedHash } from '../mask/keyed-hash.js'
import type { Masker } from '../mask/column-masker.js'
import type { ColumnPlan, TablePlan } from '../policy/table-plan.js'
import { identityOf, keyOf } from '../subset/key-rows.js'
import type { DigestFilter } from './bloom-filter.js'

/** A masked column whose sampled target values include source values. */
export interface LeakFinding {
  readonly table: string
  readonly column: string
  readonly rows: number
}

export interface LeakProbeResult {
  readonly columns: number
  readonly sampled: number
  readonly matches: number
  /** Table and column names only: never a value. */
  readonly findings: readonly LeakFinding[]
}

export interface LeakProbeInput {
  readonly tables: readonly TablePlan[]
  readonly maskers: ReadonlyMap<string, readonly Masker[]>
  readonly source: DataConnection
  readonly target: DataConnection
  readonly filter: DigestFilter
  readonly hash: KeyedHash
  /** Target rows sampled per table. */
  readonly rows: number
}

// Values of these shapes are drawn from few possibilities (a first name, a
// date a few days off): one equal to some other source value proves nothing.
const FEW_VALUES = new Set([
  'first-name',
  'last-name',
  'name',
  'city',
  'address',
  'postcode',
  'phone',
  'number',
  'date'
])
const WIDE_CATEGORIES = new Set(['text', 'json', 'uuid', 'inet', 'binary'])
// Shorter values carry too little to tell a leak from a coincidence.
const MIN_WIDE_LENGTH = 8

/**
 * Reads a random sample of each table's masked (fake, hash) columns back
 * from the target, inside the refresh's transaction, and checks it two
 * ways by keyed hash: against the same row in the source (a value that
 * equals its source value without being what the rule makes of it was
 * carried over), and, for wide values, against every masked source value
 * (the filter the copy filled). Before commit: a leak rolls everything back.
 */
export async function probeLeaks(
  input: LeakProbeInput
): Promise<LeakProbeResult> {
  let columns = 0
  let sampled = 0
  const findings: LeakFinding[] = []
  for (const table of input.tables) {
    const maskers = input.maskers.get(table.name) ?? []
    const probed = table.columns
      .map((column, i) => ({ column, i, masker: maskers[i] }))
      .filter(
        ({ masker }) =>
          masker?.rule.kind === 'fake' || masker?.rule.kind === 'hash'
      )
    if (probed.length === 0) continue
    columns += probed.length
    const result = await probeTable(input, table, probed)
    sampled += result.sampled
    findings.push(...result.findings)
  }
  return {
    columns,
    sampled,
    matches: findings.reduce((n, f) => n + f.rows, 0),
    findings
  }
}

interface Probed {
  readonly column: ColumnPlan
  readonly i: number
  readonly masker: Masker | undefined
}

async function probeTable(
  input: LeakProbeInput,
  table: TablePlan,
  probed: readonly Probed[]
): Promise<{ sampled: number; findings: LeakFinding[] }> {
  const { source, target } = input
  const identity = identityOf(table.source).filter(name =>
    table.columns.some(c => c.name === name)
  )
  const hasIdentity =
    identity.length > 0 && identity.length === identityOf(table.source).length
  const names = [...identity, ...probed.map(p => p.column.name)]
  const list = (db: DataConnection) => names.map(n => db.ident(n)).join(', ')
  const rows = await readAll(
    target,
    `select ${list(target)} from ${target.ident(table.name)} order by ${target.random} limit ${input.rows}`
  )
  const sourceRows = hasIdentity
    ? await sameRows(source, table.name, identity, rows, list(source))
    : new Map()
  const hits = new Map<string, number>()
  const hit = (column: string) => hits.set(column, (hits.get(column) ?? 0) + 1)
  for (const row of rows) {
    const original = sourceRows.get(keyOf(row.slice(0, identity.length)) ?? '')
    for (const [j, { column, masker }] of probed.entries()) {
      const value = row[identity.length + j] ?? null
      if (value === null || !masker) continue
      const before = original?.[identity.length + j] ?? null
      if (
        before !== null &&
        same(value, before) &&
        !same(value, masker.mask(before))
      ) {
        hit(column.name)
        continue
      }
      if (
        wide(column, value) &&
        input.filter.has(input.hash(value)) &&
        (await inSource(input, value))
      )
        hit(column.name)
    }
  }
  return {
    sampled: rows.length * probed.length,
    findings: [...hits].map(([column, count]) => ({
      table: table.name,
      column,
      rows: count
    }))
  }
}

const same = (a: Value, b: Value): boolean =>
  a !== null &&
  b !== null &&
  (typeof a === 'string' ? a === b : typeof b !== 'string' && a.equals(b))

function wide(column: ColumnPlan, value: Value): boolean {
  if (!WIDE_CATEGORIES.has(column.column.category)) return false
  if (column.rule.kind === 'fake' && FEW_VALUES.has(column.kind)) return false
  return value !== null && value.length >= MIN_WIDE_LENGTH
}

async function readAll(db: DataConnection, select: string): Promise<Value[][]> {
  const rows: Value[][] = []
  for await (const batch of db.read(select)) rows.push(...batch)
  return rows
}

async function sameRows(
  source: DataConnection,
  table: string,
  identity: readonly string[],
  rows: readonly Value[][],
  list: string
): Promise<Map<string, Value[]>> {
  const found = new Map<string, Value[]>()
  if (rows.length === 0) return found
  const match = rows
    .map(
      row =>
        `(${identity.map((name, i) => `${source.ident(name)} = ${source.literal(row[i] ?? null)}`).join(' and ')})`
    )
    .join(' or ')
  for (const row of await readAll(
    source,
    `select ${list} from ${source.ident(table)} where ${match}`
  ))
    found.set(keyOf(row.slice(0, identity.length)) ?? '', row)
  return found
}

// The filter can say yes by chance (1 in ~20,000): a yes counts only once
// the value is found in a masked source column (any table: a fake that is
// someone else's real value leaks too).
async function inSource(input: LeakProbeInput, value: Value): Promise<boolean> {
  const { source } = input
  const text = (name: string) =>
    source.dialect === 'postgres'
      ? `${source.ident(name)}::text`
      : source.ident(name)
  for (const table of input.tables) {
    for (const column of table.columns) {
      if (column.rule.kind !== 'fake' && column.rule.kind !== 'hash') continue
      if (!WIDE_CATEGORIES.has(column.column.category)) continue
      const rows = await source.query(
        `select 1 as found from ${source.ident(table.name)} where ${text(column.name)} = ${source.literal(value)} limit 1`
      )
      if (rows.length > 0) return true
    }
  }
  return false
}
