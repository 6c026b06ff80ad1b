import type { CatalogTable, ForeignKey } from '../catalog/types.js'
import type { DataConnection, Value } from '../db/connection.js'

/** Joins a key's values; null when any part is NULL (no reference). */
export function keyOf(values: readonly Value[]): string | null {
  let key = ''
  for (const value of values) {
    if (value === null) return null
    key +=
      (key ? '\u0001' : '') +
      (typeof value === 'string' ? value : value.toString('hex'))
  }
  return key
}

/** The columns that identify a row: the primary key, else a unique key. */
export function identityOf(table: CatalogTable): readonly string[] {
  return table.primaryKey.length > 0
    ? table.primaryKey
    : (table.uniques[0] ?? [])
}

/** What the subset needs of one table's rows, read in one pass. */
export interface KeyRows {
  readonly count: number
  /** Identity key of each row (undefined for a table without one). */
  readonly ids: ReadonlyArray<string | null> | undefined
  /** Per foreign key (by name): the referenced key of each row, or null. */
  readonly refs: ReadonlyMap<string, ReadonlyArray<string | null>>
  /** Per referenced column list (`a,b`): key → row. */
  readonly referenced: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** Rows the subset's WHERE clause keeps. */
  readonly where: ReadonlyArray<boolean> | undefined
}

export const columnsKey = (columns: readonly string[]): string =>
  columns.join(',')

/**
 * Reads the identity, the foreign keys and the referenced columns of every
 * row of a table (and the WHERE clause's verdict), in the source's snapshot.
 */
export async function readKeyRows(
  source: DataConnection,
  table: CatalogTable,
  options: {
    readonly foreignKeys: readonly ForeignKey[]
    readonly referencedBy: ReadonlyArray<readonly string[]>
    readonly where: string | undefined
  }
): Promise<KeyRows> {
  const identity = identityOf(table)
  const groups = [
    identity,
    ...options.foreignKeys.map(fk => fk.columns),
    ...options.referencedBy
  ]
  const columns = [...new Set(groups.flat())]
  const position = new Map(columns.map((name, i) => [name, i]))
  const at = (names: readonly string[]) =>
    names.map(name => position.get(name) ?? 0)
  const select = [
    ...columns.map(c => source.ident(c)),
    options.where === undefined
      ? 'null'
      : `case when (${options.where}) then 1 else 0 end`
  ]
  const ids: Array<string | null> = []
  const refs = new Map(
    options.foreignKeys.map(fk => [fk.name, [] as Array<string | null>])
  )
  const referenced = new Map(
    options.referencedBy.map(cols => [
      columnsKey(cols),
      new Map<string, number>()
    ])
  )
  const where: boolean[] = []
  const idAt = at(identity)
  const fkAt = options.foreignKeys.map(
    fk => [refs.get(fk.name) ?? [], at(fk.columns)] as const
  )
  const refAt = options.referencedBy.map(
    cols => [referenced.get(columnsKey(cols)) ?? new Map(), at(cols)] as const
  )
  let count = 0
  const pick = (row: readonly Value[], indexes: readonly number[]) =>
    keyOf(indexes.map(i => row[i] ?? null))
  for await (const batch of source.read(
    `select ${select.join(', ')} from ${source.ident(table.name)}`
  )) {
    for (const row of batch) {
      ids.push(pick(row, idAt))
      for (const [list, indexes] of fkAt) list.push(pick(row, indexes))
      for (const [map, indexes] of refAt) {
        const key = pick(row, indexes)
        if (key !== null) map.set(key, count)
      }
      where.push(String(row[columns.length]) === '1')
      count++
    }
  }
  return {
    count,
    ids: identity.length > 0 ? ids : undefined,
    refs,
    referenced,
    where: options.where === undefined ? undefined : where
  }
}
