import { copyTable } from '../copy/copy-table.js'
import { SyntheticRows } from '../copy/synthetic-rows.js'
import type { DataConnection } from '../db/connection.js'
import { createMasker } from '../mask/column-masker.js'
import type { Masker } from '../mask/column-masker.js'
import type { KeyedHash } from '../mask/keyed-hash.js'
import type { RefreshPlan, TablePlan } from '../policy/table-plan.js'
import type { CopyProgress } from '../report/progress.js'
import type { SubsetSelection } from '../subset/select-subset.js'
import { DigestFilter } from '../verify/bloom-filter.js'
import type { RefreshFacts } from './build-receipt.js'

export interface CopyAllInput {
  readonly plan: RefreshPlan
  readonly subset: SubsetSelection | undefined
  readonly source: DataConnection
  readonly target: DataConnection
  readonly hash: KeyedHash
  readonly seed: string
  readonly progress: (totalRows: number, tables: number) => CopyProgress
  readonly signal: AbortSignal | undefined
}

const probed = (table: TablePlan): number =>
  table.columns.filter(c => c.rule.kind === 'fake' || c.rule.kind === 'hash')
    .length

/**
 * Copies every planned table, one after the other, each with its maskers
 * (kept in `facts` for the receipt and the leak probe). Returns the filter
 * of the keyed hashes of every masked source value.
 */
export async function copyAll(
  input: CopyAllInput,
  facts: RefreshFacts
): Promise<DigestFilter> {
  const { plan, subset } = input
  const estimate = (table: TablePlan) =>
    subset?.counts.get(table.name) ?? table.source.estimatedRows
  const filter = new DigestFilter(
    plan.tables.reduce((n, t) => n + estimate(t) * probed(t), 0)
  )
  const progress = input.progress(
    plan.tables.reduce(
      (n, t) => n + Math.max(estimate(t), t.config?.rows ?? 0),
      0
    ),
    plan.tables.length
  )
  for (const table of plan.tables) {
    const maskers: Masker[] = table.columns.map(column =>
      createMasker({
        rule: column.rule,
        column: column.column,
        kind: column.kind,
        unique: column.unique,
        dialect: input.target.dialect,
        hash: input.hash,
        seen: digest => filter.add(digest)
      })
    )
    facts.maskers.set(table.name, maskers)
    const copied = await copyTable({
      table,
      source: input.source,
      target: input.target,
      maskers,
      filter: subset?.filters.get(table.name),
      synthetic: table.config?.rows
        ? new SyntheticRows(table, maskers, input.seed, input.hash)
        : undefined,
      progress,
      signal: input.signal
    })
    facts.copied.set(table.name, copied)
    progress.done(table.name, copied.rows)
  }
  return filter
}
