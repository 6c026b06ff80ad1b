import { ConfigurationError } from '@rehearse/core'
import type { DataConnection, Value } from '../db/connection.js'
import { seededFraction } from '../mask/keyed-hash.js'
import type { TablePlan } from '../policy/table-plan.js'
import { columnsKey, identityOf, keyOf, readKeyRows } from './key-rows.js'
import type { KeyRows } from './key-rows.js'
import { buildSubsetGraph } from './subset-graph.js'
import type { SubsetGraph } from './subset-graph.js'

/** Keeps a row (its values in the table plan's column order) or drops it. */
export type RowFilter = (row: readonly Value[]) => boolean

/** Which rows each table keeps; tables without a filter keep every row. */
export interface SubsetSelection {
  readonly filters: ReadonlyMap<string, RowFilter>
  /** Rows kept per table, where known before copying. */
  readonly counts: ReadonlyMap<string, number>
  /** Source rows whose reference found no row in the source (skipped). */
  readonly dangling: number
}

interface Selected {
  readonly rows: KeyRows
  readonly kept: Uint8Array
}

/**
 * The subset: the roots' rows (a seeded share, or a WHERE clause), the rows
 * of tables that reference kept rows (unless `follow: false`), then — until
 * nothing changes — every row a kept row references. Every foreign key
 * between copied tables holds afterwards; the same seed keeps the same rows.
 */
export async function selectSubset(
  tables: readonly TablePlan[],
  seed: string,
  source: DataConnection
): Promise<SubsetSelection> {
  const graph = buildSubsetGraph(tables)
  const plans = new Map(tables.map(t => [t.name, t]))
  const selected = new Map<string, Selected>()
  for (const name of graph.order) {
    const plan = plans.get(name) as TablePlan
    const subset = plan.config?.subset
    if (subset && identityOf(plan.source).length === 0)
      throw new ConfigurationError(
        `data.tables.${name}.subset: the table has no primary or unique key, so its rows cannot be told apart; subset from a table that has one`,
        { reason: 'invalid_plan' }
      )
    const rows = await readKeyRows(source, plan.source, {
      foreignKeys: graph.up(name),
      referencedBy: graph.referencedBy(name),
      where: subset && 'where' in subset ? subset.where : undefined
    })
    const kept = new Uint8Array(rows.count)
    if (subset) keepRoots(name, seed, subset, rows, kept)
    else if (plan.config?.follow !== false)
      keepReferencing(name, graph, rows, kept, selected)
    selected.set(name, { rows, kept })
  }
  const dangling = closeUpwards(graph, selected)
  return buildFilters(graph, plans, selected, dangling)
}

function keepRoots(
  table: string,
  seed: string,
  subset: { percent: number } | { where: string },
  rows: KeyRows,
  kept: Uint8Array
): void {
  for (let i = 0; i < rows.count; i++) {
    const id = rows.ids?.[i] ?? null
    kept[i] =
      'where' in subset
        ? Number(rows.where?.[i] ?? false)
        : Number(
            id !== null &&
              seededFraction(seed, table, id) * 100 < subset.percent
          )
  }
}

// A row is kept when it references a kept row and nothing it references
// (in constrained tables, itself aside) was dropped.
function keepReferencing(
  table: string,
  graph: SubsetGraph,
  rows: KeyRows,
  kept: Uint8Array,
  selected: ReadonlyMap<string, Selected>
): void {
  const checks = graph.up(table).filter(fk => fk.references !== table)
  for (let i = 0; i < rows.count; i++) {
    let any = false
    let all = true
    for (const fk of checks) {
      const key = rows.refs.get(fk.name)?.[i] ?? null
      if (key === null) continue
      const parent = selected.get(fk.references)
      const at = parent?.rows.referenced
        .get(columnsKey(fk.referencedColumns))
        ?.get(key)
      if (parent === undefined) continue
      if (at !== undefined && parent.kept[at]) any = true
      else all = false
    }
    kept[i] = Number(any && all)
  }
}

function closeUpwards(
  graph: SubsetGraph,
  selected: ReadonlyMap<string, Selected>
): number {
  const queue: Array<[string, number]> = []
  for (const [table, { kept }] of selected)
    kept.forEach((flag, i) => flag && queue.push([table, i]))
  let dangling = 0
  while (queue.length > 0) {
    const [table, i] = queue.pop() as [string, number]
    const { rows } = selected.get(table) as Selected
    for (const fk of graph.up(table)) {
      const key = rows.refs.get(fk.name)?.[i] ?? null
      const parent = selected.get(fk.references)
      if (key === null || !parent) continue
      const at = parent.rows.referenced
        .get(columnsKey(fk.referencedColumns))
        ?.get(key)
      if (at === undefined) {
        dangling++
        continue
      }
      if (!parent.kept[at]) {
        parent.kept[at] = 1
        queue.push([fk.references, at])
      }
    }
  }
  return dangling
}

function buildFilters(
  graph: SubsetGraph,
  plans: ReadonlyMap<string, TablePlan>,
  selected: ReadonlyMap<string, Selected>,
  dangling: number
): SubsetSelection {
  const filters = new Map<string, RowFilter>()
  const counts = new Map<string, number>()
  for (const [table, { rows, kept }] of selected) {
    const plan = plans.get(table) as TablePlan
    const position = new Map(plan.columns.map((c, i) => [c.name, i]))
    const idAt = identityOf(plan.source).map(name => position.get(name) ?? -1)
    if (rows.ids && idAt.every(i => i >= 0)) {
      const keep = new Set<string>()
      rows.ids.forEach((id, i) => id !== null && kept[i] && keep.add(id))
      filters.set(table, row =>
        keep.has(keyOf(idAt.map(i => row[i] ?? null)) ?? '')
      )
      counts.set(table, keep.size)
    } else {
      filters.set(table, referencesKept(table, graph, plan, selected))
    }
  }
  return { filters, counts, dangling }
}

// Tables without identity: decided row by row while copying.
function referencesKept(
  table: string,
  graph: SubsetGraph,
  plan: TablePlan,
  selected: ReadonlyMap<string, Selected>
): RowFilter {
  if (plan.config?.follow === false) return () => false
  const position = new Map(plan.columns.map((c, i) => [c.name, i]))
  const checks = graph.up(table).map(fk => {
    const parent = selected.get(fk.references) as Selected
    const map = parent.rows.referenced.get(columnsKey(fk.referencedColumns))
    return {
      at: fk.columns.map(c => position.get(c) ?? -1),
      map,
      kept: parent.kept
    }
  })
  return row => {
    let any = false
    for (const { at, map, kept } of checks) {
      const key = keyOf(at.map(i => row[i] ?? null))
      if (key === null) continue
      const index = map?.get(key)
      if (index === undefined || !kept[index]) return false
      any = true
    }
    return any
  }
}
