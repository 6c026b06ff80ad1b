import { once } from 'node:events'
import { StringDecoder } from 'node:string_decoder'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { ConfigurationError } from '@rehearse/core'
import { CopyLineSplitter, encodeRows } from './copy-text.js'
import type {
  DataConnection,
  RowBatches,
  TableWriter,
  Value
} from './connection.js'
import { describeUrl } from './describe-url.js'

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

// standard_conforming_strings is set on: backslashes are plain characters.
const literal = (value: Value): string => {
  if (value === null) return 'null'
  const text = typeof value === 'string' ? value : `\\x${value.toString('hex')}`
  return `'${text.replace(/'/g, "''")}'`
}

// Chunks of COPY text sent at once: big enough to cost few writes, small
// enough to keep memory flat.
const CHUNK_BYTES = 256 * 1024

/** A PostgreSQL server through node-postgres; COPY through pg-copy-streams. */
export async function openPostgres(
  url: string,
  role: string
): Promise<DataConnection> {
  const where = describeUrl(url)
  const client = new pg.Client({
    connectionString: url,
    application_name: `rehearse refresh-data (${role})`
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    throw new ConfigurationError(
      `cannot connect to the ${role} (PostgreSQL at ${where}): ${(error as Error).message}. Check the URL and that the database accepts connections from this runner.`,
      { reason: 'database_unreachable' }
    )
  }
  const [info] = (
    await client.query<{ pid: number; version: string }>(
      `select pg_backend_pid() as pid, current_setting('server_version') as version`
    )
  ).rows
  // The text forms COPY exchanges must read back the same on both sides.
  await client.query(
    `set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set client_encoding = 'UTF8'; set extra_float_digits = 3; set standard_conforming_strings = on`
  )
  const server = `PostgreSQL ${(info?.version ?? '?').split(' ')[0]}`
  const query = async <T>(sql: string, params: readonly unknown[] = []) =>
    (await client.query(numbered(sql), [...params])).rows as T[]
  return {
    dialect: 'postgres',
    label: `${server} at ${where}`,
    server,
    ident,
    literal,
    random: 'random()',
    query,
    exec: async sql => {
      await client.query(sql)
    },
    read: select => readCopy(client, select),
    writer: (table, columns) => writeCopy(client, table, columns),
    cancel: async () => {
      const other = new pg.Client({ connectionString: url })
      other.on('error', () => undefined)
      await other.connect()
      await other.query('select pg_cancel_backend($1)', [info?.pid ?? 0])
      await other.end()
    },
    close: async () => {
      await client.end().catch(() => undefined)
    }
  }
}

function numbered(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

async function* readCopy(client: pg.Client, select: string): RowBatches {
  const stream = client.query(copyTo(`copy (${select}) to stdout`))
  const decoder = new StringDecoder('utf8')
  const lines = new CopyLineSplitter()
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const rows = lines.push(decoder.write(chunk))
    if (rows.length > 0) yield rows
  }
  const last = lines.push(decoder.end())
  const rest = [...last, ...lines.end()]
  if (rest.length > 0) yield rest
}

async function writeCopy(
  client: pg.Client,
  table: string,
  columns: readonly string[]
): Promise<TableWriter> {
  const stream = client.query(
    copyFrom(
      `copy ${ident(table)} (${columns.map(ident).join(', ')}) from stdin`
    )
  )
  let failure: Error | undefined
  stream.on('error', (error: Error) => (failure = error))
  let pending = ''
  const flush = async (): Promise<void> => {
    if (failure) throw failure
    if (pending === '') return
    const chunk = pending
    pending = ''
    if (!stream.write(chunk)) await once(stream, 'drain')
    if (failure) throw failure
  }
  return {
    write: async (rows: readonly Value[][]) => {
      pending += encodeRows(rows as ReadonlyArray<ReadonlyArray<string | null>>)
      if (pending.length >= CHUNK_BYTES) await flush()
    },
    end: async () => {
      await flush()
      const finished = once(stream, 'finish')
      stream.end()
      await finished
      if (failure) throw failure
    },
    // CopyFail: the server drops what this COPY loaded.
    abort: () => {
      stream.destroy()
    }
  }
}
