import { mkdirSync } from 'node:fs'
import { ConfigurationError } from '@rehearse/core'
import { lockDirectory } from './directory-lock.js'
import { sharedPgliteAssets } from './pglite-assets.js'
import { numbered, sessionSql } from './postgres.js'
import type { Database, OpenOptions } from './types.js'
import { patchBundleInterop } from './webpack-interop.js'

/**
 * The embedded PostgreSQL (PGlite) kept in `dataDir`: the default when no
 * database URL is given. One process at a time may open a data directory,
 * so the migration lock is a lock file beside it, taken here (waiting up to
 * `waitMs`); the advisory lock would only ever see this one connection.
 */
export async function openPglite(
  dataDir: string,
  label: string,
  options: OpenOptions & { readonly waitMs: number }
): Promise<Database> {
  const release = await lockDirectory(`${dataDir}.lock`, options.waitMs)
  if (!release) {
    throw new ConfigurationError(
      `another run is using the embedded database ${label} (lock file ${dataDir}.lock) and did not finish within ${Math.round(options.waitMs / 1000)} s. Wait for it, or delete the lock file if no run is active.`,
      { reason: 'migration_lock_timeout' }
    )
  }
  try {
    patchBundleInterop()
    const { PGlite } = await import('@electric-sql/pglite')
    mkdirSync(dataDir, { recursive: true })
    const db = await PGlite.create({ dataDir, ...(await sharedPgliteAssets()) })
    await db.exec(sessionSql(options))
    const [row] = (
      await db.query<{ version: string }>(
        `select current_setting('server_version') as version`
      )
    ).rows
    return {
      kind: 'pglite',
      dialect: 'postgres',
      transactionalDdl: true,
      label: `embedded PostgreSQL ${row?.version.split(' ')[0] ?? ''} (PGlite) in ${label}`,
      exec: async sql => {
        await db.exec(sql)
      },
      query: async <T>(sql: string, params: readonly unknown[] = []) =>
        (await db.query<T>(numbered(sql), [...params])).rows,
      // The lock file above already makes this process the only migrator.
      lock: async () => true,
      unlock: async () => undefined,
      // PGlite runs on this thread: a statement cannot be interrupted.
      cancel: async () => undefined,
      close: async () => {
        try {
          await db.close()
        } finally {
          release()
        }
      }
    }
  } catch (error) {
    release()
    throw error
  }
}
