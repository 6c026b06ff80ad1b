import type { ForeignKey } from '../catalog/types.js'
import type { TablePlan } from '../policy/table-plan.js'

/** The copied tables and the foreign keys between them. */
export interface SubsetGraph {
  /** Roots and every table that references them, directly or not. */
  readonly constrained: ReadonlySet<string>
  /** Foreign keys of a table that point at constrained tables. */
  readonly up: (table: string) => readonly ForeignKey[]
  /** Column lists of a table that constrained tables reference. */
  readonly referencedBy: (table: string) => ReadonlyArray<readonly string[]>
  /** Constrained tables, each after the tables it references (cycles broken by name). */
  readonly order: readonly string[]
}

export function buildSubsetGraph(tables: readonly TablePlan[]): SubsetGraph {
  const copied = new Set(tables.map(t => t.name))
  const fks = tables.flatMap(t =>
    t.source.foreignKeys.filter(fk => copied.has(fk.references))
  )
  const constrained = new Set(
    tables.filter(t => t.config?.subset).map(t => t.name)
  )
  for (let grew = true; grew;) {
    grew = false
    for (const fk of fks)
      if (constrained.has(fk.references) && !constrained.has(fk.table)) {
        constrained.add(fk.table)
        grew = true
      }
  }
  const inside = fks.filter(
    fk => constrained.has(fk.table) && constrained.has(fk.references)
  )
  const up = (table: string) => inside.filter(fk => fk.table === table)
  const referencedBy = (table: string) => {
    const lists = new Map<string, readonly string[]>()
    for (const fk of inside)
      if (fk.references === table)
        lists.set(fk.referencedColumns.join(','), fk.referencedColumns)
    return [...lists.values()]
  }
  return {
    constrained,
    up,
    referencedBy,
    order: topological([...constrained].sort(), up)
  }
}

function topological(
  tables: readonly string[],
  up: (table: string) => readonly ForeignKey[]
): string[] {
  const done = new Set<string>()
  const order: string[] = []
  while (order.length < tables.length) {
    const ready =
      tables.find(
        t =>
          !done.has(t) &&
          up(t).every(fk => fk.references === t || done.has(fk.references))
      ) ?? tables.find(t => !done.has(t))
    if (ready === undefined) break
    done.add(ready)
    order.push(ready)
  }
  return order
}
