import type { Database } from '../db/types.js'

export type HistoryStatus = 'success' | 'failed' | 'running'

/** One row of the history table. */
export interface HistoryRow {
  readonly version: string
  readonly name: string
  readonly checksum: string
  readonly status: HistoryStatus
  readonly appliedAt: string
  readonly durationMs: number
  readonly appliedBy: string
  readonly error: string | null
}

/** Creates the history table if it is missing (under the migration lock). */
export async function ensureHistoryTable(
  db: Database,
  table: string
): Promise<void> {
  const at =
    db.dialect === 'postgres'
      ? 'timestamptz not null default now()'
      : 'timestamp(3) not null default current_timestamp(3)'
  await db.exec(
    `create table if not exists ${table} (
  version varchar(50) not null primary key,
  name varchar(200) not null,
  checksum char(64) not null,
  status varchar(10) not null,
  applied_at ${at},
  duration_ms integer not null default 0,
  applied_by varchar(500) not null default '',
  error text
)`
  )
}

/** Every recorded migration, as stored (ordering is the caller's). */
export async function readHistory(
  db: Database,
  table: string
): Promise<HistoryRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `select version, name, checksum, status, applied_at, duration_ms, applied_by, error from ${table}`
  )
  return rows.map(row => ({
    version: String(row.version),
    name: String(row.name),
    checksum: String(row.checksum).trim(),
    status: String(row.status) as HistoryStatus,
    appliedAt:
      row.applied_at instanceof Date
        ? row.applied_at.toISOString()
        : String(row.applied_at),
    durationMs: Number(row.duration_ms),
    appliedBy: String(row.applied_by),
    error:
      row.error === null || row.error === undefined ? null : String(row.error)
  }))
}

export interface NewRow {
  readonly version: string
  readonly name: string
  readonly checksum: string
  readonly status: HistoryStatus
  readonly durationMs: number
  readonly appliedBy: string
}

export async function insertRow(
  db: Database,
  table: string,
  row: NewRow
): Promise<void> {
  await db.query(
    `insert into ${table} (version, name, checksum, status, duration_ms, applied_by) values (?, ?, ?, ?, ?, ?)`,
    [
      row.version,
      row.name,
      row.checksum,
      row.status,
      Math.round(row.durationMs),
      row.appliedBy.slice(0, 500)
    ]
  )
}

export async function finishRow(
  db: Database,
  table: string,
  version: string,
  outcome: { status: HistoryStatus; durationMs: number; error?: string }
): Promise<void> {
  await db.query(
    `update ${table} set status = ?, duration_ms = ?, error = ? where version = ?`,
    [
      outcome.status,
      Math.round(outcome.durationMs),
      outcome.error ?? null,
      version
    ]
  )
}

export async function deleteRow(
  db: Database,
  table: string,
  version: string
): Promise<void> {
  await db.query(`delete from ${table} where version = ?`, [version])
}
