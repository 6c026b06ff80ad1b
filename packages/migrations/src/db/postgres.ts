import pg from 'pg'
import { ConfigurationError } from '@rehearse/core'
import { describeUrl } from './describe-url.js'
import { advisoryKey } from './lock-key.js'
import type { Database, OpenOptions, SessionSettings } from './types.js'

/** Numbered placeholders from `?` ones (our own SQL has no `?` in text). */
export function numbered(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** Session settings as SQL (PostgreSQL and PGlite). */
export function sessionSql(settings: SessionSettings): string {
  return [
    `set lock_timeout = ${Math.max(1, Math.round(settings.lockTimeoutMs))}`,
    `set statement_timeout = ${Math.round(settings.statementTimeoutMs)}`
  ].join('; ')
}

/** A PostgreSQL server through node-postgres. */
export async function openPostgres(
  url: string,
  options: OpenOptions
): Promise<Database> {
  const where = describeUrl(url)
  const client = new pg.Client({
    connectionString: url,
    application_name: 'rehearse run-migrations'
  })
  // A dropped connection is reported by the next query, not as a crash.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    throw new ConfigurationError(
      `cannot connect to PostgreSQL at ${where}: ${(error as Error).message}. Check the database URL and that the database accepts connections from this runner.`,
      { reason: 'database_unreachable' }
    )
  }
  const info = await client.query<{ pid: number; version: string }>(
    `select pg_backend_pid() as pid, current_setting('server_version') as version`
  )
  const { pid, version } = info.rows[0] ?? { pid: 0, version: '?' }
  await client.query(sessionSql(options))
  // PostgreSQL 14+: a killed migrator's statement is stopped within a
  // second instead of running on (and holding its locks) until it ends.
  await client
    .query(`set client_connection_check_interval = '1s'`)
    .catch(() => undefined)
  const key = advisoryKey(options.lockName)
  return {
    kind: 'postgresql',
    dialect: 'postgres',
    transactionalDdl: true,
    label: `PostgreSQL ${version.split(' ')[0]} at ${where}`,
    exec: async sql => {
      await client.query(sql)
    },
    query: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), [...params])).rows as T[],
    lock: async waitMs => lockAdvisory(client, key, waitMs, options),
    unlock: async () => {
      await client.query('select pg_advisory_unlock($1::bigint)', [key])
    },
    cancel: async () => {
      const other = new pg.Client({ connectionString: url })
      other.on('error', () => undefined)
      await other.connect()
      await other.query('select pg_cancel_backend($1)', [pid])
      await other.end()
    },
    close: async () => {
      await client.end().catch(() => undefined)
    }
  }
}

async function lockAdvisory(
  client: pg.Client,
  key: string,
  waitMs: number,
  settings: SessionSettings
): Promise<boolean> {
  if (waitMs <= 0) {
    const { rows } = await client.query<{ got: boolean }>(
      'select pg_try_advisory_lock($1::bigint) as got',
      [key]
    )
    return rows[0]?.got === true
  }
  // lock_timeout bounds the wait (and statement_timeout must not cut it
  // short); both are set back for the migrations after.
  await client.query(
    `set lock_timeout = ${Math.round(waitMs)}; set statement_timeout = 0`
  )
  try {
    await client.query('select pg_advisory_lock($1::bigint)', [key])
    return true
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false
    throw error
  } finally {
    await client.query(sessionSql(settings))
  }
}
