import { ConfigurationError } from '@rehearse/core'
import type { Database, OpenOptions } from './types.js'

/** Where the database is: a server URL, or an embedded data directory. */
export type DatabaseTarget =
  | { readonly url: string }
  | { readonly pgliteDir: string; readonly label: string }

/**
 * Opens the database the URL's scheme names, or the embedded PGlite. Each
 * driver is loaded only here, when a run opens that kind of database: the
 * bundles that carry them (deploy-to-staging, promote-to-prod,
 * run-migrations, the CLI) start without parsing pg, mysql2 or PGlite.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: OpenOptions & { readonly waitMs: number }
): Promise<Database> {
  if ('pgliteDir' in target) {
    const { openPglite } = await import('./pglite.js')
    return openPglite(target.pgliteDir, target.label, options)
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target.url)?.[1]
  switch (scheme?.toLowerCase()) {
    case 'postgres':
    case 'postgresql': {
      const { openPostgres } = await import('./postgres.js')
      return openPostgres(target.url, options)
    }
    case 'mysql':
    case 'mariadb': {
      const { openMysql } = await import('./mysql.js')
      return openMysql(target.url, options)
    }
    default:
      throw new ConfigurationError(
        `the database URL must start with postgres://, postgresql://, mysql:// or mariadb:// (got ${scheme ? `${scheme}://` : 'no scheme'}).`,
        { reason: 'database_url_invalid' }
      )
  }
}
