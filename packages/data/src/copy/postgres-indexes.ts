import type { DataConnection } from '../db/connection.js'

/** An index of a replaced table, as PostgreSQL would create it again. */
interface IndexDefinition {
  readonly table: string
  readonly name: string
  /** Set when a constraint (primary key, unique, exclusion) owns the index. */
  readonly constraint: string | undefined
  readonly definition: string
}

const INDEXES = `select c.relname as table_name, i.relname as index_name,
  con.conname as constraint_name,
  coalesce(pg_get_constraintdef(con.oid), pg_get_indexdef(i.oid)) as definition
from pg_index x
join pg_class c on c.oid = x.indrelid
join pg_class i on i.oid = x.indexrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_constraint con on con.conindid = x.indexrelid
  and con.conrelid = x.indrelid and con.contype in ('p', 'u', 'x')
where n.nspname = current_schema() and c.relname = any(?::text[])
order by c.relname, i.relname`

/**
 * Indexes are dropped before the load and built again after it, as
 * pg_restore does: one sorted build is much cheaper than a million random
 * inserts into a B-tree. Inside the refresh's transaction, so a rollback
 * brings them back untouched.
 */
export class PostgresIndexes {
  private indexes: IndexDefinition[] = []

  constructor(private readonly target: DataConnection) {}

  /** Drops the indexes of `tables` (their foreign keys must be gone already). */
  async drop(tables: readonly string[]): Promise<void> {
    const { target } = this
    const rows = await target.query<Record<string, unknown>>(INDEXES, [tables])
    this.indexes = rows.map(row => ({
      table: String(row.table_name),
      name: String(row.index_name),
      constraint:
        typeof row.constraint_name === 'string'
          ? row.constraint_name
          : undefined,
      definition: String(row.definition)
    }))
    for (const index of this.indexes)
      await target.exec(
        index.constraint
          ? `alter table ${target.ident(index.table)} drop constraint ${target.ident(index.constraint)}`
          : `drop index ${target.ident(index.name)}`
      )
  }

  /** Builds them again: constraints first (foreign keys need them), then the rest. */
  async create(): Promise<void> {
    const { target } = this
    const ordered = [
      ...this.indexes.filter(index => index.constraint),
      ...this.indexes.filter(index => !index.constraint)
    ]
    for (const index of ordered)
      await target.exec(
        index.constraint
          ? `alter table ${target.ident(index.table)} add constraint ${target.ident(index.constraint)} ${index.definition}`
          : index.definition
      )
  }
}
