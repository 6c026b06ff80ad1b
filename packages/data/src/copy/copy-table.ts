import type { DataConnection, Value } from '../db/connection.js'
import type { Masker } from '../mask/column-masker.js'
import type { TablePlan } from '../policy/table-plan.js'
import type { CopyProgress } from '../report/progress.js'
import { identityOf } from '../subset/key-rows.js'
import type { RowFilter } from '../subset/select-subset.js'
import type { SyntheticRows } from './synthetic-rows.js'

export interface CopyTableInput {
  readonly table: TablePlan
  readonly source: DataConnection
  readonly target: DataConnection
  readonly maskers: readonly Masker[]
  /** Undefined: every row. */
  readonly filter: RowFilter | undefined
  /** Set when the table is to reach `rows` with invented rows. */
  readonly synthetic: SyntheticRows | undefined
  readonly progress: CopyProgress
  readonly signal: AbortSignal | undefined
}

export interface CopiedTable {
  readonly rows: number
  readonly synthetic: number
}

/**
 * Streams one table from the source into the target: read (PostgreSQL
 * COPY TO / a MySQL result stream), keep the subset's rows, mask, write
 * (COPY FROM / multi-row INSERT) — one batch in memory at a time. With
 * synthetic rows the read is ordered by the table's key, so the templates
 * (and the invented rows) are the same on every run.
 */
export async function copyTable(input: CopyTableInput): Promise<CopiedTable> {
  const { table, source, target, filter, synthetic, progress } = input
  const masking = input.maskers
    .map((masker, i) => [i, masker] as const)
    .filter(([, masker]) => masker.rule.kind !== 'keep')
  const names = table.columns.map(c => c.name)
  const order = synthetic ? orderBy(source, table) : ''
  const select = `select ${names.map(n => source.ident(n)).join(', ')} from ${source.ident(table.name)}${order}`
  const writer = await target.writer(table.name, names)
  let rows = 0
  try {
    for await (const batch of source.read(select)) {
      input.signal?.throwIfAborted()
      const out: Value[][] = []
      for (const row of batch) {
        if (filter && !filter(row)) continue
        for (const [i, masker] of masking) row[i] = masker.mask(row[i] ?? null)
        synthetic?.observe(row)
        out.push(row)
      }
      if (out.length === 0) continue
      await writer.write(out)
      rows += out.length
      progress.add(table.name, out.length)
    }
    const wanted = table.config?.rows ?? 0
    let invented = 0
    if (synthetic && wanted > rows)
      for (const batch of synthetic.rows(wanted - rows)) {
        await writer.write(batch)
        invented += batch.length
        progress.add(table.name, batch.length)
      }
    await writer.end()
    return { rows: rows + invented, synthetic: invented }
  } catch (error) {
    writer.abort()
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`copying ${table.name}: ${message}`, { cause: error })
  }
}

function orderBy(source: DataConnection, table: TablePlan): string {
  const key = identityOf(table.source)
  const columns = key.length > 0 ? key : table.columns.map(c => c.name)
  return ` order by ${columns.map(c => source.ident(c)).join(', ')}`
}
