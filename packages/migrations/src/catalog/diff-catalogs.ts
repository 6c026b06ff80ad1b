import type { Catalog } from './read-catalog.js'

/** What changed in the schema between two catalog reads. */
export interface CatalogDiff {
  readonly tablesAdded: readonly string[]
  readonly tablesDropped: readonly string[]
  /** Per table that exists in both. */
  readonly columns: ReadonlyArray<{
    readonly table: string
    readonly added: readonly string[]
    readonly dropped: readonly string[]
    /** `name: before → after`. */
    readonly changed: readonly string[]
  }>
  readonly objectsAdded: readonly string[]
  readonly objectsDropped: readonly string[]
  readonly objectsChanged: readonly string[]
}

const keys = (record: object): string[] => Object.keys(record).sort()

/** Differences from `before` to `after`; empty lists when equal. */
export function diffCatalogs(before: Catalog, after: Catalog): CatalogDiff {
  const columns: CatalogDiff['columns'][number][] = []
  for (const table of keys(after.tables)) {
    const old = before.tables[table]
    const now = after.tables[table]
    if (!old || !now) continue
    const added = keys(now).filter(c => !(c in old))
    const dropped = keys(old).filter(c => !(c in now))
    const changed = keys(now)
      .filter(c => c in old && old[c] !== now[c])
      .map(c => `${c}: ${old[c]} → ${now[c]}`)
    if (added.length + dropped.length + changed.length > 0)
      columns.push({ table, added, dropped, changed })
  }
  return {
    tablesAdded: keys(after.tables).filter(t => !(t in before.tables)),
    tablesDropped: keys(before.tables).filter(t => !(t in after.tables)),
    columns,
    objectsAdded: keys(after.objects).filter(o => !(o in before.objects)),
    objectsDropped: keys(before.objects).filter(o => !(o in after.objects)),
    objectsChanged: keys(after.objects).filter(
      o => o in before.objects && before.objects[o] !== after.objects[o]
    )
  }
}

export function isEmptyDiff(diff: CatalogDiff): boolean {
  return (
    diff.tablesAdded.length +
      diff.tablesDropped.length +
      diff.columns.length +
      diff.objectsAdded.length +
      diff.objectsDropped.length +
      diff.objectsChanged.length ===
    0
  )
}

/** One line per change, for summaries and failure messages. */
export function describeDiff(
  diff: CatalogDiff,
  tables: Catalog['tables']
): string[] {
  const lines: string[] = []
  for (const table of diff.tablesAdded)
    lines.push(
      `table ${table} added (${keys(tables[table] ?? {}).join(', ') || 'no columns'})`
    )
  for (const table of diff.tablesDropped) lines.push(`table ${table} dropped`)
  for (const { table, added, dropped, changed } of diff.columns) {
    for (const c of added) lines.push(`column ${table}.${c} added`)
    for (const c of dropped) lines.push(`column ${table}.${c} dropped`)
    for (const c of changed) lines.push(`column ${table}.${c}`)
  }
  for (const o of diff.objectsAdded) lines.push(`${o} added`)
  for (const o of diff.objectsDropped) lines.push(`${o} dropped`)
  for (const o of diff.objectsChanged) lines.push(`${o} changed`)
  return lines
}
