/** How a column's values are treated when they are masked. */
export type ColumnCategory =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'uuid'
  | 'json'
  | 'inet'
  | 'binary'
  | 'other'

export interface CatalogColumn {
  readonly name: string
  /** The type as the database spells it (`character varying(80)`). */
  readonly type: string
  readonly category: ColumnCategory
  readonly nullable: boolean
  /** A default or an identity/auto-increment fills it when it is left out. */
  readonly hasDefault: boolean
  /** Computed by the database: never written. */
  readonly generated: boolean
  /** Characters a text column holds (varchar(n), char(n)). */
  readonly maxLength: number | undefined
  /** Largest value an integer column holds. */
  readonly maxInteger: bigint | undefined
}

export interface ForeignKey {
  readonly name: string
  readonly table: string
  readonly columns: readonly string[]
  /** The referenced table, in the same schema. */
  readonly references: string
  readonly referencedColumns: readonly string[]
  /** PostgreSQL: `FOREIGN KEY (…) REFERENCES …`, to add it back. */
  readonly definition: string | undefined
}

export interface CatalogTable {
  readonly name: string
  readonly columns: readonly CatalogColumn[]
  readonly primaryKey: readonly string[]
  /** Unique keys over plain columns (the primary key included). */
  readonly uniques: ReadonlyArray<readonly string[]>
  readonly foreignKeys: readonly ForeignKey[]
  /** The catalog's estimate, for progress. */
  readonly estimatedRows: number
  /** MySQL storage engine (InnoDB); undefined on PostgreSQL. */
  readonly engine: string | undefined
  /** PostgreSQL: sequences that feed columns, set past the copied ids. */
  readonly sequences: ReadonlyArray<{ column: string; sequence: string }>
}

/** The tables of one database's current schema. */
export interface Catalog {
  readonly tables: ReadonlyMap<string, CatalogTable>
}

/** The least a catalog reader needs: one query at a time. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[]
  ): Promise<T[]>
}

const INTEGER_MAX: Readonly<Record<number, bigint>> = {
  8: 127n,
  16: 32767n,
  24: 8388607n,
  32: 2147483647n,
  64: 9223372036854775807n
}

/** The largest signed (or unsigned) integer of `bits`. */
export function integerMax(bits: number, unsigned = false): bigint {
  const max = INTEGER_MAX[bits] ?? INTEGER_MAX[64] ?? 0n
  return unsigned ? max * 2n + 1n : max
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string) {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const name = key(row)
    const group = groups.get(name)
    if (group) group.push(row)
    else groups.set(name, [row])
  }
  return groups
}
