import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import pg from 'pg'

/** A throwaway database on this machine's server, and a session on it. */
export interface TestDatabase {
  readonly url: string
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[]
  ): Promise<T[]>
  /** Another session, e.g. to hold a lock. Closed by drop(). */
  session(): Promise<{
    query(sql: string): Promise<unknown>
    close(): Promise<void>
  }>
  drop(): Promise<void>
}

const name = (): string => `rehearse_mig_${randomBytes(5).toString('hex')}`

/** A fresh PostgreSQL database on 127.0.0.1:5432 (trust auth). */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const db = name()
  const admin = new pg.Client({
    connectionString: 'postgres://postgres@127.0.0.1:5432/test'
  })
  await admin.connect()
  await admin.query(`create database ${db}`)
  const url = `postgres://postgres@127.0.0.1:5432/${db}`
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const sessions: pg.Client[] = []
  return {
    url,
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    session: async () => {
      const other = new pg.Client({ connectionString: url })
      other.on('error', () => undefined)
      await other.connect()
      sessions.push(other)
      return {
        query: sql => other.query(sql),
        close: () => other.end()
      }
    },
    drop: async () => {
      await Promise.all(
        [client, ...sessions].map(c => c.end().catch(() => undefined))
      )
      await admin.query(`drop database if exists ${db} with (force)`)
      await admin.end()
    }
  }
}

/** A fresh MariaDB database on 127.0.0.1:3306 (root, no password). */
export async function createMariaDatabase(): Promise<TestDatabase> {
  const db = name()
  const admin = await mysql.createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root'
  })
  await admin.query(`create database ${db}`)
  const url = `mysql://root@127.0.0.1:3306/${db}`
  const connection = await mysql.createConnection({ uri: url })
  const sessions: mysql.Connection[] = []
  return {
    url,
    query: async <T>(sql: string, params: unknown[] = []) => {
      const [rows] = await connection.query(sql, params)
      return rows as T[]
    },
    session: async () => {
      const other = await mysql.createConnection({ uri: url })
      sessions.push(other)
      return {
        query: sql => other.query(sql),
        close: () => other.end()
      }
    },
    drop: async () => {
      await Promise.all(
        [connection, ...sessions].map(c => c.end().catch(() => undefined))
      )
      await admin.query(`drop database if exists ${db}`)
      await admin.end()
    }
  }
}
