import { ConfigurationError } from '@rehearse/core'
import type { Catalog, ForeignKey } from '../catalog/types.js'
import type { DataConnection } from '../db/connection.js'
import { countOrphans } from '../verify/orphans.js'
import { PostgresIndexes } from './postgres-indexes.js'
import type { OrphanCount } from '../verify/orphans.js'

// How long the refresh waits for the target's tables (a running query of
// the application holds them) before it gives up, leaving them as they were.
const LOCK_WAIT_SECONDS = 60

/**
 * The target side of a refresh, one transaction: everything replaced is
 * emptied, loaded and checked in it, and only a commit makes it visible —
 * a blocked, failed or cancelled refresh rolls back to the data as it was.
 *
 * PostgreSQL: the tables are locked, their foreign keys and indexes
 * dropped (loading in any order, and building each index once, as
 * pg_restore does), truncated, loaded by COPY; the indexes are built again
 * (a unique one checks its key), sequences moved past the copied ids,
 * orphans counted, and the foreign keys added back (validated). MySQL/MariaDB: InnoDB only (anything else
 * could not be rolled back); DELETE and INSERT in one transaction with
 * foreign key checks off for the session, and the orphan count instead.
 */
export class TargetLoad {
  private readonly keys: readonly ForeignKey[]
  private readonly indexes: PostgresIndexes
  private open = false

  constructor(
    private readonly target: DataConnection,
    private readonly catalog: Catalog,
    private readonly replaced: readonly string[],
    private readonly copied: readonly string[]
  ) {
    const set = new Set(replaced)
    this.keys = [...catalog.tables.values()]
      .flatMap(table => table.foreignKeys)
      .filter(fk => set.has(fk.table) || set.has(fk.references))
    this.indexes = new PostgresIndexes(target)
  }

  /** Locks and empties the replaced tables, inside the transaction. */
  async begin(): Promise<void> {
    const { target } = this
    const tables = this.replaced.map(name => target.ident(name)).join(', ')
    if (target.dialect === 'mysql') {
      this.assertTransactional()
      await target.exec(
        `set session innodb_lock_wait_timeout = ${LOCK_WAIT_SECONDS}`
      )
      await target.exec('set session foreign_key_checks = 0')
      await target.exec('start transaction')
      this.open = true
      for (const name of this.replaced)
        await target.exec(`delete from ${target.ident(name)}`)
      return
    }
    await target.exec('begin')
    this.open = true
    await target.exec(
      `set local lock_timeout = '${LOCK_WAIT_SECONDS}s'; set local statement_timeout = 0`
    )
    if (tables === '') return
    await target.exec(`lock table ${tables} in access exclusive mode`)
    for (const fk of this.keys)
      await target.exec(
        `alter table ${target.ident(fk.table)} drop constraint ${target.ident(fk.name)}`
      )
    await target.exec(`truncate table ${tables}`)
    await this.indexes.drop(this.copied)
  }

  /** Sequences, the orphan count and (PostgreSQL) the keys back; still uncommitted. */
  async finish(): Promise<OrphanCount[]> {
    const { target } = this
    if (target.dialect === 'postgres') {
      await this.indexes.create()
      await this.moveSequences()
    }
    const orphans = await countOrphans(target, this.keys)
    if (orphans.some(o => o.rows > 0) || target.dialect === 'mysql')
      return orphans
    for (const fk of this.keys)
      await target.exec(
        `alter table ${target.ident(fk.table)} add constraint ${target.ident(fk.name)} ${fk.definition ?? ''}`
      )
    return orphans
  }

  async commit(): Promise<void> {
    await this.target.exec('commit')
    await this.end()
  }

  async rollback(): Promise<void> {
    if (!this.open) return
    await this.target.exec('rollback').catch(() => undefined)
    await this.end()
  }

  private async end(): Promise<void> {
    this.open = false
    if (this.target.dialect === 'mysql')
      await this.target
        .exec('set session foreign_key_checks = 1')
        .catch(() => undefined)
  }

  private async moveSequences(): Promise<void> {
    const { target } = this
    for (const name of this.copied) {
      for (const { column, sequence } of this.catalog.tables.get(name)
        ?.sequences ?? [])
        await target.exec(
          `select setval(${target.literal(sequence)}, coalesce((select max(${target.ident(column)}) from ${target.ident(name)}), 0) + 1, false)`
        )
    }
  }

  private assertTransactional(): void {
    const others = this.replaced.filter(name => {
      const engine = this.catalog.tables.get(name)?.engine
      return engine !== undefined && engine.toLowerCase() !== 'innodb'
    })
    if (others.length > 0)
      throw new ConfigurationError(
        `the target tables ${others.join(', ')} are not InnoDB: a failed refresh could not be rolled back there. Convert them (ALTER TABLE … ENGINE=InnoDB) or exclude them under data.exclude.`,
        { reason: 'invalid_plan' }
      )
  }
}
