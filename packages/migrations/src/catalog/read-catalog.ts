import type { Database } from '../db/types.js'

/** The schema as the catalog describes it, for diffs and comparisons. */
export interface Catalog {
  /** `table` → `column` → `type, null/not null, default`. */
  readonly tables: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** `index:name`, `constraint:table.name`, `view:name`, ... → definition. */
  readonly objects: Readonly<Record<string, string>>
}

type Row = Record<string, unknown>

const SYSTEM = `('pg_catalog', 'information_schema')`
const userSchema = (column: string): string =>
  `${column} not in ${SYSTEM} and ${column} not like 'pg_toast%' and ${column} not like 'pg_temp%'`

/** Reads tables, columns and other objects, leaving out `historyTable`. */
export async function readCatalog(
  db: Database,
  historyTable: string
): Promise<Catalog> {
  const read = db.dialect === 'postgres' ? readPostgres : readMysql
  const { columns, tables, objects } = await read(db)
  const skip = (name: string): boolean =>
    name.split('.').pop() === historyTable.toLowerCase()
  const result: Record<string, Record<string, string>> = {}
  for (const row of tables) {
    const name = String(row.name)
    if (!skip(name)) result[name] = {}
  }
  for (const row of columns) {
    const table = result[String(row.name)]
    if (!table) continue
    const nullable = row.nullable === 'YES' ? 'null' : 'not null'
    const fallback =
      row.default_value === null || row.default_value === undefined
        ? ''
        : ` default ${String(row.default_value)}`
    table[String(row.column_name)] =
      `${String(row.type)} ${nullable}${fallback}`
  }
  const other: Record<string, string> = {}
  for (const row of objects) {
    const key = String(row.key)
    if (!skip(String(row.owner ?? ''))) other[key] = String(row.definition)
  }
  return { tables: result, objects: other }
}

// Names are qualified with their schema only outside the search path's first.
const qualified = (schema: string, name: string): string =>
  `case when ${schema} = current_schema() then ${name} else ${schema} || '.' || ${name} end`

async function readPostgres(db: Database) {
  const tables = await db.query<Row>(
    `select ${qualified('table_schema', 'table_name')} as name from information_schema.tables where table_type = 'BASE TABLE' and ${userSchema('table_schema')}`
  )
  const columns = await db.query<Row>(
    `select ${qualified('table_schema', 'table_name')} as name, column_name, case when data_type = 'USER-DEFINED' then udt_name else data_type end || coalesce('(' || character_maximum_length || ')', '') as type, is_nullable as nullable, column_default as default_value from information_schema.columns where ${userSchema('table_schema')}`
  )
  const objects = await db.query<Row>(
    `select 'index:' || ${qualified('schemaname', 'indexname')} as key, ${qualified('schemaname', 'tablename')} as owner, indexdef as definition from pg_indexes where ${userSchema('schemaname')}
     union all
     select 'constraint:' || c.conrelid::regclass::text || '.' || c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid) from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.conrelid <> 0 and ${userSchema('n.nspname')}
     union all
     select 'view:' || ${qualified('table_schema', 'table_name')}, '', view_definition from information_schema.views where ${userSchema('table_schema')}
     union all
     select 'sequence:' || ${qualified('sequence_schema', 'sequence_name')}, '', data_type from information_schema.sequences where ${userSchema('sequence_schema')}
     union all
     select 'type:' || ${qualified('n.nspname', 't.typname')}, '', string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace group by n.nspname, t.typname`
  )
  return { tables, columns, objects }
}

async function readMysql(db: Database) {
  const tables = await db.query<Row>(
    `select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'`
  )
  const columns = await db.query<Row>(
    `select table_name as name, column_name, column_type as type, is_nullable as nullable, column_default as default_value from information_schema.columns where table_schema = database()`
  )
  const objects = await db.query<Row>(
    `select concat('index:', table_name, '.', index_name) as \`key\`, table_name as owner, concat(case when max(non_unique) = 0 then 'unique ' else '' end, group_concat(column_name order by seq_in_index)) as definition from information_schema.statistics where table_schema = database() group by table_name, index_name
     union all
     select concat('view:', table_name), '', view_definition from information_schema.views where table_schema = database()`
  )
  return { tables, columns, objects }
}
