import type { ForeignKey } from '../catalog/types.js'
import type { DataConnection } from '../db/connection.js'

export interface OrphanCount {
  readonly foreignKey: string
  readonly table: string
  readonly references: string
  readonly rows: number
}

/**
 * Rows of the target whose foreign key points at no row: counted for every
 * foreign key touching a replaced table, before commit. (MySQL loads with
 * its checks off, so this is the check there; PostgreSQL checks again when
 * it adds the keys back.)
 */
export async function countOrphans(
  target: DataConnection,
  foreignKeys: readonly ForeignKey[]
): Promise<OrphanCount[]> {
  const q = (name: string) => target.ident(name)
  const counts: OrphanCount[] = []
  for (const fk of foreignKeys) {
    const present = fk.columns.map(c => `c.${q(c)} is not null`).join(' and ')
    const match = fk.columns
      .map((c, i) => `p.${q(fk.referencedColumns[i] ?? c)} = c.${q(c)}`)
      .join(' and ')
    const [row] = await target.query<{ orphans: unknown }>(
      `select count(*) as orphans from ${q(fk.table)} c where ${present} and not exists (select 1 from ${q(fk.references)} p where ${match})`
    )
    counts.push({
      foreignKey: fk.name,
      table: fk.table,
      references: fk.references,
      rows: Number(row?.orphans ?? 0)
    })
  }
  return counts
}
