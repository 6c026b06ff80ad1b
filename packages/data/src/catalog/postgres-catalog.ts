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

const IN_SCHEMA = `n.nspname = current_schema()`

const TABLES = `select c.relname as name, greatest(c.reltuples, 0)::bigint::text as estimate
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where ${IN_SCHEMA} and c.relkind in ('r', 'p') and not c.relispartition`

const COLUMNS = `select c.relname as table_name, a.attname as name,
  format_type(a.atttypid, a.atttypmod) as type,
  coalesce(bt.typname, t.typname) as base, t.typtype as kind,
  not a.attnotnull as nullable,
  a.atthasdef or a.attidentity <> '' as has_default,
  a.attgenerated <> '' as generated,
  case when coalesce(bt.typname, t.typname) in ('varchar', 'bpchar') and a.atttypmod > 4
    then a.atttypmod - 4 end as max_length,
  case when a.atthasdef or a.attidentity <> ''
    then pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) end as sequence
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
where ${IN_SCHEMA} and c.relkind in ('r', 'p') and not c.relispartition
  and a.attnum > 0 and not a.attisdropped
order by c.relname, a.attnum`

const KEYS = `select c.relname as table_name, i.indisprimary as is_primary,
  array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k(num, ord)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.num order by k.ord) as columns
from pg_index i
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
where ${IN_SCHEMA} and (i.indisprimary or i.indisunique)
  and i.indexprs is null and i.indpred is null
order by c.relname, not i.indisprimary, i.indexrelid`

const FOREIGN_KEYS = `select con.conname as name, c.relname as table_name, rc.relname as referenced,
  rn.nspname = n.nspname as same_schema,
  array(select a.attname::text from unnest(con.conkey) with ordinality k(num, ord)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.ord) as columns,
  array(select a.attname::text from unnest(con.confkey) with ordinality k(num, ord)
    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.ord) as referenced_columns,
  pg_get_constraintdef(con.oid) as definition
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_class rc on rc.oid = con.confrelid
join pg_namespace rn on rn.oid = rc.relnamespace
where con.contype = 'f' and con.conparentid = 0 and ${IN_SCHEMA}
order by c.relname, con.conname`

const CATEGORIES: Readonly<Record<string, ColumnCategory>> = {
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  citext: 'text',
  name: 'text',
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  numeric: 'decimal',
  float4: 'decimal',
  float8: 'decimal',
  bool: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'json',
  inet: 'inet',
  cidr: 'inet',
  macaddr: 'inet',
  macaddr8: 'inet',
  bytea: 'binary'
}

const BITS: Readonly<Record<string, number>> = { int2: 16, int4: 32, int8: 64 }

/** The tables of the connection's current schema (search_path's first). */
export async function readPostgresCatalog(db: SqlRunner): Promise<Catalog> {
  const tables = await db.query<Row>(TABLES)
  const columns = await db.query<Row>(COLUMNS)
  const keys = await db.query<Row>(KEYS)
  const foreignKeys = await db.query<Row>(FOREIGN_KEYS)
  const byTable = (row: Row) => String(row.table_name)
  const columnsOf = groupBy(columns, byTable)
  const keysOf = groupBy(keys, byTable)
  const fksOf = groupBy(
    foreignKeys.filter(row => row.same_schema === true),
    byTable
  )
  const result = new Map<string, CatalogTable>()
  for (const table of tables) {
    const name = String(table.name)
    const tableColumns = columnsOf.get(name) ?? []
    const tableKeys = (keysOf.get(name) ?? []).map(row => ({
      primary: row.is_primary === true,
      columns: row.columns as string[]
    }))
    result.set(name, {
      name,
      columns: tableColumns.map(toColumn),
      primaryKey: tableKeys.find(key => key.primary)?.columns ?? [],
      uniques: tableKeys.map(key => key.columns),
      foreignKeys: (fksOf.get(name) ?? []).map(toForeignKey),
      estimatedRows: Number(table.estimate),
      engine: undefined,
      sequences: tableColumns
        .filter(row => typeof row.sequence === 'string')
        .map(row => ({
          column: String(row.name),
          sequence: String(row.sequence)
        }))
    })
  }
  return { tables: result }
}

function toColumn(row: Row): CatalogColumn {
  const base = String(row.base)
  const bits = BITS[base]
  return {
    name: String(row.name),
    type: String(row.type),
    category: row.kind === 'e' ? 'other' : (CATEGORIES[base] ?? 'other'),
    nullable: row.nullable === true,
    hasDefault: row.has_default === true,
    generated: row.generated === true,
    maxLength: typeof row.max_length === 'number' ? row.max_length : undefined,
    maxInteger: bits ? integerMax(bits) : undefined
  }
}

function toForeignKey(row: Row): ForeignKey {
  return {
    name: String(row.name),
    table: String(row.table_name),
    columns: row.columns as string[],
    references: String(row.referenced),
    referencedColumns: row.referenced_columns as string[],
    definition: String(row.definition)
  }
}
