import type { Catalog } from '../catalog/types.js'
import { readMysqlCatalog } from '../catalog/mysql-catalog.js'
import { readPostgresCatalog } from '../catalog/postgres-catalog.js'
import type { DataConnection } from '../db/connection.js'
import { newestVersion } from '../receipt/compare-versions.js'

/**
 * Starts the one read-only transaction every read of the source runs in:
 * all tables come from the same instant (REPEATABLE READ; a hot standby
 * allows it), so the foreign keys between them agree.
 */
export async function beginSnapshot(source: DataConnection): Promise<void> {
  if (source.dialect === 'postgres') {
    await source.exec(
      'begin transaction isolation level repeatable read, read only'
    )
    // Pin the snapshot now, not at the first table read.
    await source.query('select 1')
    return
  }
  await source.exec('set session transaction isolation level repeatable read')
  await source.exec('start transaction with consistent snapshot, read only')
}

export async function endSnapshot(source: DataConnection): Promise<void> {
  await source.exec('rollback').catch(() => undefined)
}

export function readCatalog(db: DataConnection): Promise<Catalog> {
  return db.dialect === 'postgres'
    ? readPostgresCatalog(db)
    : readMysqlCatalog(db)
}

/** The newest successfully applied migration in the history table, if any. */
export async function migrationHead(
  db: DataConnection,
  catalog: Catalog,
  table: string
): Promise<string | undefined> {
  const history = catalog.tables.get(table)
  if (!history?.columns.some(c => c.name === 'version')) return undefined
  const hasStatus = history.columns.some(c => c.name === 'status')
  const rows = await db.query<{ version: unknown }>(
    `select version from ${db.ident(table)}${hasStatus ? ` where status = 'success'` : ''}`
  )
  return newestVersion(rows.map(row => String(row.version)))
}

/** Up to `limit` non-NULL values of a column, as text, for detection. */
export async function sampleColumn(
  source: DataConnection,
  table: string,
  column: string,
  limit: number
): Promise<string[]> {
  const name = source.ident(column)
  const values: string[] = []
  for await (const batch of source.read(
    `select ${name} from ${source.ident(table)} where ${name} is not null limit ${limit}`
  ))
    for (const [value] of batch)
      if (value !== null && value !== undefined) values.push(value.toString())
  return values
}
