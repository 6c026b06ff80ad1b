import type { MigrationFile } from '../files/read-migrations.js'

/** Why a migration failed, with the statement when it is known. */
export interface FailureDetail {
  /** `db/migrations/V2__x.sql:14` or the file alone. */
  readonly where: string
  readonly statement: string | undefined
  readonly error: string
  readonly lockTimeout: boolean
  readonly cancelled: boolean
}

/** A migration (up or down) that did not complete. */
export class MigrationFailure extends Error {
  constructor(
    readonly migration: MigrationFile,
    readonly direction: 'up' | 'down',
    readonly detail: FailureDetail
  ) {
    super(`${detail.where}: ${detail.error}`)
    this.name = 'MigrationFailure'
  }
}

/** The run was cancelled between two migrations. */
export class MigrationCancelled extends Error {
  constructor() {
    super('cancelled before the next migration started')
    this.name = 'MigrationCancelled'
  }
}

const LOCK_TIMEOUT = new Set(['55P03', '1205', 'ER_LOCK_WAIT_TIMEOUT'])
const CANCELLED = new Set(['57014', '1317', 'ER_QUERY_INTERRUPTED'])

/** The parts of a driver error (pg, PGlite, mysql2) we read. */
export interface DriverError {
  readonly message?: string
  readonly code?: string
  readonly errno?: number
  readonly position?: string
  readonly sqlMessage?: string
}

export function isLockTimeout(error: unknown): boolean {
  const e = (error ?? {}) as DriverError
  return LOCK_TIMEOUT.has(String(e.code)) || LOCK_TIMEOUT.has(String(e.errno))
}

export function isCancelled(error: unknown): boolean {
  const e = (error ?? {}) as DriverError
  // 57014 is also statement_timeout; its message says which.
  return (
    (CANCELLED.has(String(e.code)) || CANCELLED.has(String(e.errno))) &&
    !/statement timeout/i.test(String(e.message))
  )
}

/** `ERROR 42P01: relation "x" does not exist` from any driver. */
export function describeDriverError(error: unknown): string {
  const e = (error ?? {}) as DriverError
  // One line: PostgreSQL quotes the SQL "at or near" the error, line
  // breaks included.
  const text = (e.sqlMessage ?? e.message ?? String(error)).replace(
    /\r?\n/g,
    '\\n'
  )
  const code = e.code && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : e.errno
  return code ? `${text} (${code})` : text
}
