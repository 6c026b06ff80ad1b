import type { SqlDialect } from '../sql/split-statements.js'

export type DatabaseKind = 'postgresql' | 'pglite' | 'mariadb' | 'mysql'

/** Session settings every migration runs under. */
export interface SessionSettings {
  readonly lockTimeoutMs: number
  /** 0: none. */
  readonly statementTimeoutMs: number
}

/**
 * One connection to the database being migrated, whatever its engine. The
 * migration lock lives on this connection, so it vanishes with it.
 */
export interface Database {
  readonly kind: DatabaseKind
  readonly dialect: SqlDialect
  /** Whether DDL can be rolled back (PostgreSQL yes, MySQL no). */
  readonly transactionalDdl: boolean
  /** For people: engine, version and where (never the password). */
  readonly label: string
  /** Runs SQL text (several statements at once on PostgreSQL). */
  exec(sql: string): Promise<void>
  /** One statement with `?` placeholders; returns its rows. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[]
  ): Promise<T[]>
  /** Takes the migration lock, waiting up to `waitMs`; false if not free. */
  lock(waitMs: number): Promise<boolean>
  unlock(): Promise<void>
  /** Stops the statement running on this connection (from another one). */
  cancel(): Promise<void>
  close(): Promise<void>
}

/** Where to connect and under which lock name. */
export interface OpenOptions extends SessionSettings {
  /** Names the lock, so one migrator runs per database and history table. */
  readonly lockName: string
}
