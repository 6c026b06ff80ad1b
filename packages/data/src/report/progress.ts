import type { Clock } from '@rehearse/engine'

const EVERY_MS = 2_000

const count = (n: number): string => Math.round(n).toLocaleString('en-US')

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/**
 * Progress of a long copy for people: rows and tables done, the rate and
 * the time left, at most every two seconds, and once per finished table.
 * The totals are the catalog's estimates (exact where a subset counted
 * them), so the ETA is an estimate too.
 */
export class CopyProgress {
  private rows = 0
  private tablesDone = 0
  private lastLine = 0
  private readonly started: number

  constructor(
    private readonly clock: Clock,
    private readonly print: (line: string) => void,
    private readonly totalRows: number,
    private readonly totalTables: number
  ) {
    this.started = clock.now().getTime()
    this.lastLine = this.started
  }

  /** Rows just written into `table`. */
  add(table: string, rows: number): void {
    this.rows += rows
    const now = this.clock.now().getTime()
    if (now - this.lastLine >= EVERY_MS) this.line(table, now)
  }

  /** A table is loaded. */
  done(table: string, rows: number): void {
    this.tablesDone++
    this.print(
      `${table}: ${count(rows)} rows (${this.tablesDone}/${this.totalTables} tables)`
    )
    this.lastLine = this.clock.now().getTime()
  }

  /** Rows per second so far. */
  rate(): number {
    const seconds = (this.clock.now().getTime() - this.started) / 1000
    return seconds > 0 ? this.rows / seconds : 0
  }

  private line(table: string, now: number): void {
    this.lastLine = now
    const rate = this.rate()
    const total = Math.max(this.totalRows, this.rows)
    const left = rate > 0 ? (total - this.rows) / rate : Infinity
    const share = total > 0 ? Math.floor((this.rows / total) * 100) : 0
    this.print(
      `copying ${table}: ${count(this.rows)} of ~${count(total)} rows (${share} %), ${this.tablesDone}/${this.totalTables} tables, ${count(rate)} rows/s, about ${duration(left)} left`
    )
  }
}
