import mysql from 'mysql2'
import type { Connection as RawConnection, TypeCast } from 'mysql2'
import type { Connection } from 'mysql2/promise'
import { ConfigurationError } from '@rehearse/core'
import type {
  DataConnection,
  RowBatches,
  TableWriter,
  Value
} from './connection.js'
import { describeUrl } from './describe-url.js'

const ident = (name: string): string => `\`${name.replace(/`/g, '``')}\``

// Rows per multi-row INSERT, and a byte bound well under max_allowed_packet.
const BATCH_ROWS = 1000
const BATCH_BYTES = 1024 * 1024
const READ_BATCH = 1000

// Geometry would come back parsed into objects; keep its bytes instead.
const typeCast: TypeCast = (field, next) =>
  field.type === 'GEOMETRY' ? field.buffer() : next()

/** A MySQL or MariaDB server through mysql2. */
export async function openMysql(
  url: string,
  role: string
): Promise<DataConnection> {
  const where = describeUrl(url)
  const raw = mysql.createConnection({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    jsonStrings: true,
    charset: 'utf8mb4',
    typeCast
  })
  raw.on('error', () => undefined)
  const connection = raw.promise()
  try {
    await connection.connect()
  } catch (error) {
    throw new ConfigurationError(
      `cannot connect to the ${role} (MySQL/MariaDB at ${where}): ${(error as Error).message}. Check the URL and that the database accepts connections from this runner.`,
      { reason: 'database_unreachable' }
    )
  }
  const query = async <T>(sql: string, params: readonly unknown[] = []) => {
    const [rows] = await connection.query(sql, [...params])
    return (Array.isArray(rows) ? rows : []) as T[]
  }
  const [info] = await query<{ version: string; db: string | null }>(
    'select version() as version, database() as db'
  )
  if (!info?.db) {
    await connection.end()
    throw new ConfigurationError(
      `the ${role} URL names no database (${where}). Add it to the path: mysql://user@host:3306/<database>.`,
      { reason: 'database_url_invalid' }
    )
  }
  const version = info.version
  const server = `${/mariadb/i.test(version) ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]}`
  // Values travel as text; the session's time zone must not shift them.
  await connection.query(`set session time_zone = '+00:00'`)
  return {
    dialect: 'mysql',
    label: `${server} at ${where}`,
    server,
    ident,
    literal: value =>
      value === null
        ? 'null'
        : Buffer.isBuffer(value)
          ? `X'${value.toString('hex')}'`
          : connection.escape(value),
    random: 'rand()',
    query,
    exec: async sql => {
      await connection.query(sql)
    },
    read: select => readRows(raw, select),
    writer: async (table, columns) => insertWriter(connection, table, columns),
    cancel: async () => {
      const other = mysql
        .createConnection({ uri: url.replace(/^mariadb:/, 'mysql:') })
        .promise()
      await other.query(`kill query ${raw.threadId}`)
      await other.end()
    },
    close: async () => {
      await connection.end().catch(() => undefined)
    }
  }
}

async function* readRows(
  connection: RawConnection,
  select: string
): RowBatches {
  const stream = connection
    .query({ sql: select, rowsAsArray: true })
    .stream({ highWaterMark: READ_BATCH })
  let batch: Value[][] = []
  for await (const row of stream as AsyncIterable<unknown[]>) {
    batch.push(row.map(normalize))
    if (batch.length >= READ_BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

function normalize(value: unknown): Value {
  if (value === null || value === undefined) return null
  if (Buffer.isBuffer(value) || typeof value === 'string') return value
  return String(value)
}

function insertWriter(
  connection: Connection,
  table: string,
  columns: readonly string[]
): TableWriter {
  const sql = `insert into ${ident(table)} (${columns.map(ident).join(', ')}) values ?`
  let rows: Value[][] = []
  let bytes = 0
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return
    const batch = rows
    rows = []
    bytes = 0
    await connection.query(sql, [batch])
  }
  return {
    write: async batch => {
      for (const row of batch) {
        rows.push(row)
        for (const value of row) bytes += value === null ? 4 : value.length
        if (rows.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush()
      }
    },
    end: flush,
    abort: () => {
      rows = []
    }
  }
}
