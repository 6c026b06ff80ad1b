import type { Database } from '../db/types.js'

/** Whether the history table exists (a dry run must not create it). */
export async function historyTableExists(
  db: Database,
  table: string
): Promise<boolean> {
  const rows =
    db.dialect === 'postgres'
      ? await db.query<{ found: boolean }>(
          'select to_regclass(?) is not null as found',
          [table]
        )
      : await db.query<{ found: number }>(
          'select count(*) > 0 as found from information_schema.tables where table_schema = database() and table_name = ?',
          [table]
        )
  const found = rows[0]?.found
  return found === true || Number(found) === 1
}
