import type { SqlRunner } from '../catalog/types.js'

export type Dialect = 'postgres' | 'mysql'

/** One value as it travels: the database's text form, bytes, or NULL. */
export type Value = string | Buffer | null

/** Rows of one table, in batches, column values in the order asked for. */
export type RowBatches = AsyncIterable<Value[][]>

/** Writes rows into one table of the target, with backpressure. */
export interface TableWriter {
  write(rows: readonly Value[][]): Promise<void>
  /** Flushes and finishes the table's load. */
  end(): Promise<void>
  /** Gives up on the load (the transaction around it is rolled back). */
  abort(): void
}

/**
 * One connection to the source or the target, whatever its engine: plain
 * queries (`?` placeholders), streamed reads of whole tables and bulk
 * writes (PostgreSQL COPY, MySQL multi-row INSERT).
 */
export interface DataConnection extends SqlRunner {
  readonly dialect: Dialect
  /** For people: engine, version and where (never the password). */
  readonly label: string
  /** The engine's name and version (`PostgreSQL 15.2`). */
  readonly server: string
  /** Quotes an identifier. */
  ident(name: string): string
  /** A value as an SQL literal (for the few statements built with values). */
  literal(value: Value): string
  /** The SQL of a random order (sampling). */
  readonly random: string
  /** Runs one statement for its effect. */
  exec(sql: string): Promise<void>
  /** Streams the result of a SELECT, in batches. */
  read(select: string): RowBatches
  /** Starts a bulk load of `columns` into `table`. */
  writer(table: string, columns: readonly string[]): Promise<TableWriter>
  /** Stops the statement running on this connection (from another one). */
  cancel(): Promise<void>
  close(): Promise<void>
}
