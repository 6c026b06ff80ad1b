import { ConfigurationError } from '@rehearse/core'
import type { MigrationFile } from '../files/read-migrations.js'

export type RehearseRollback = 'auto' | 'true' | 'false'

/**
 * Whether to rehearse rollback (up → down → up) for these pending
 * migrations. "auto": outside production, when every pending migration has
 * a down file. "true" insists (and refuses what cannot be rehearsed);
 * production never rehearses: its rollback is the release's own decision.
 */
export function decideRehearsal(
  mode: RehearseRollback,
  pending: readonly MigrationFile[],
  production: boolean,
  dryRun: boolean
): { ran: boolean; note: string } {
  if (mode === 'false')
    return { ran: false, note: 'off (rehearse-rollback: false)' }
  if (production) {
    if (mode === 'true') {
      throw new ConfigurationError(
        'rehearse-rollback is true, but this is a production environment: rollback is rehearsed in the environments before production. Remove the input here.',
        { reason: 'rehearsal_in_production' }
      )
    }
    return { ran: false, note: 'not in production' }
  }
  if (dryRun) return { ran: false, note: 'not in a dry run' }
  if (pending.length === 0) return { ran: false, note: 'nothing pending' }
  const missing = pending.filter(m => !m.down)
  if (missing.length === 0)
    return {
      ran: true,
      note: `up → down → up for ${pending.length} migration(s)`
    }
  const list = missing.map(m => m.file).join(', ')
  if (mode === 'true') {
    throw new ConfigurationError(
      `rehearse-rollback is true but ${list} ha${missing.length > 1 ? 've' : 's'} no down migration. Add U<version>__<name>.sql (or V<version>__<name>.down.sql), or set rehearse-rollback to auto.`,
      { reason: 'down_migration_missing' }
    )
  }
  return {
    ran: false,
    note:
      missing.length === pending.length
        ? 'no down migrations'
        : `skipped: no down migration for ${list}`
  }
}
