import { groupBy, integerMax } from './types.js'
import type {
  Catalog,
  CatalogColumn,
  CatalogTable,
  ColumnCategory,
  ForeignKey,
  SqlRunner
} from './types.js'

type Row = Record<string, unknown>

const TABLES = `select table_name as name, engine, coalesce(table_rows, 0) as estimate
from information_schema.tables
where table_schema = database() and table_type = 'BASE TABLE'`

const COLUMNS = `select table_name, column_name as name, data_type as base,
  column_type as type, is_nullable as nullable, column_default as column_default,
  character_maximum_length as max_length, extra
from information_schema.columns
where table_schema = database()
order by table_name, ordinal_position`

const KEYS = `select table_name, index_name, column_name
from information_schema.statistics
where table_schema = database() and non_unique = 0 and column_name is not null
order by table_name, index_name <> 'PRIMARY', index_name, seq_in_index`

const FOREIGN_KEYS = `select constraint_name as name, table_name, column_name,
  referenced_table_name as referenced, referenced_column_name
from information_schema.key_column_usage
where table_schema = database() and referenced_table_name is not null
  and referenced_table_schema = database()
order by table_name, constraint_name, ordinal_position`

const CATEGORIES: Readonly<Record<string, ColumnCategory>> = {
  char: 'text',
  varchar: 'text',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  integer: 'integer',
  bigint: 'integer',
  year: 'integer',
  decimal: 'decimal',
  float: 'decimal',
  double: 'decimal',
  date: 'date',
  datetime: 'timestamp',
  timestamp: 'timestamp',
  json: 'json',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary',
  uuid: 'uuid',
  inet4: 'inet',
  inet6: 'inet'
}

const BITS: Readonly<Record<string, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  bigint: 64
}

// Text types longer than this are "unbounded" for masking purposes.
const UNBOUNDED = 65_535

/** The tables of the URL's database (MySQL or MariaDB). */
export async function readMysqlCatalog(db: SqlRunner): Promise<Catalog> {
  const tables = await db.query<Row>(TABLES)
  const columns = await db.query<Row>(COLUMNS)
  const keys = await db.query<Row>(KEYS)
  const foreignKeys = await db.query<Row>(FOREIGN_KEYS)
  const byTable = (row: Row) => String(row.table_name)
  const columnsOf = groupBy(columns, byTable)
  const keysOf = groupBy(keys, row => `${byTable(row)}\0${row.index_name}`)
  const fksOf = groupBy(foreignKeys, byTable)
  const result = new Map<string, CatalogTable>()
  for (const table of tables) {
    const name = String(table.name)
    const uniques = [...keysOf.entries()]
      .filter(([key]) => key.startsWith(`${name}\0`))
      .map(([key, rows]) => ({
        primary: key === `${name}\0PRIMARY`,
        columns: rows.map(row => String(row.column_name))
      }))
    result.set(name, {
      name,
      columns: (columnsOf.get(name) ?? []).map(toColumn),
      primaryKey: uniques.find(key => key.primary)?.columns ?? [],
      uniques: uniques.map(key => key.columns),
      foreignKeys: toForeignKeys(fksOf.get(name) ?? []),
      estimatedRows: Number(table.estimate),
      engine: typeof table.engine === 'string' ? table.engine : undefined,
      sequences: []
    })
  }
  return { tables: result }
}

function toColumn(row: Row): CatalogColumn {
  const base = String(row.base).toLowerCase()
  const type = String(row.type)
  const extra = String(row.extra ?? '')
  const bits = BITS[base]
  const length = row.max_length === null ? undefined : Number(row.max_length)
  const fallback = row.column_default
  return {
    name: String(row.name),
    type,
    category: CATEGORIES[base] ?? 'other',
    nullable: row.nullable === 'YES',
    hasDefault:
      (fallback !== null && fallback !== undefined && fallback !== 'NULL') ||
      /auto_increment/i.test(extra),
    generated: /generated/i.test(extra) && !/default_generated/i.test(extra),
    maxLength:
      CATEGORIES[base] === 'text' && length !== undefined && length <= UNBOUNDED
        ? length
        : undefined,
    maxInteger: bits ? integerMax(bits, /unsigned/i.test(type)) : undefined
  }
}

function toForeignKeys(rows: readonly Row[]): ForeignKey[] {
  return [...groupBy(rows, row => String(row.name)).values()].map(group => {
    const first = group[0] as Row
    return {
      name: String(first.name),
      table: String(first.table_name),
      columns: group.map(row => String(row.column_name)),
      references: String(first.referenced),
      referencedColumns: group.map(row => String(row.referenced_column_name)),
      definition: undefined
    }
  })
}
