import mysql from 'mysql2/promise'
import { ConfigurationError } from '@rehearse/core'
import { describeUrl } from './describe-url.js'
import { mysqlLockName } from './lock-key.js'
import type { Database, OpenOptions } from './types.js'

/** A MySQL or MariaDB server through mysql2. */
export async function openMysql(
  url: string,
  options: OpenOptions
): Promise<Database> {
  const where = describeUrl(url)
  const uri = url.replace(/^mariadb:/, 'mysql:')
  let connection: mysql.Connection
  try {
    connection = await mysql.createConnection({
      uri,
      multipleStatements: false,
      dateStrings: true,
      supportBigNumbers: true
    })
  } catch (error) {
    throw new ConfigurationError(
      `cannot connect to MySQL/MariaDB at ${where}: ${(error as Error).message}. Check the database URL and that the database accepts connections from this runner.`,
      { reason: 'database_unreachable' }
    )
  }
  connection.on('error', () => undefined)
  const run = async <T>(sql: string, params: readonly unknown[] = []) => {
    const [rows] = await connection.query(sql, [...params])
    return (Array.isArray(rows) ? rows : []) as T[]
  }
  const [info] = await run<{ version: string; db: string | null }>(
    'select version() as version, database() as db'
  )
  const version = info?.version ?? '?'
  const mariadb = /mariadb/i.test(version)
  if (!info?.db) {
    await connection.end()
    throw new ConfigurationError(
      `the MySQL/MariaDB URL names no database (${where}). Add it to the path: mysql://user@host:3306/<database>.`,
      { reason: 'database_url_invalid' }
    )
  }
  const lockSeconds = Math.max(1, Math.ceil(options.lockTimeoutMs / 1000))
  await connection.query(`set session lock_wait_timeout = ${lockSeconds}`)
  await connection.query(
    `set session innodb_lock_wait_timeout = ${lockSeconds}`
  )
  const statementSeconds = options.statementTimeoutMs / 1000
  await connection
    .query(
      mariadb
        ? `set session max_statement_time = ${statementSeconds}`
        : `set session max_execution_time = ${Math.round(options.statementTimeoutMs)}`
    )
    .catch(() => undefined)
  const lockName = mysqlLockName(`rehearse:${info.db}:${options.lockName}`)
  return {
    kind: mariadb ? 'mariadb' : 'mysql',
    dialect: 'mysql',
    transactionalDdl: false,
    label: `${mariadb ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]} at ${where}`,
    exec: async sql => {
      await connection.query(sql)
    },
    query: run,
    lock: async waitMs => {
      // The wait is bounded by its own timeout, not max_statement_time.
      const unbounded = mariadb
        ? 'set statement max_statement_time = 0 for '
        : ''
      const [row] = await run<{ got: number | null }>(
        `${unbounded}select get_lock(?, ?) as got`,
        [lockName, Math.max(0, Math.ceil(waitMs / 1000))]
      )
      return row?.got === 1
    },
    unlock: async () => {
      await run('select release_lock(?)', [lockName])
    },
    cancel: async () => {
      const other = await mysql.createConnection({ uri })
      await other.query(`kill query ${connection.threadId}`)
      await other.end()
    },
    close: async () => {
      await connection.end().catch(() => undefined)
    }
  }
}
