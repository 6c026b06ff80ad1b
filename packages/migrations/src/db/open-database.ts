import { ConfigurationError } from '@rehearse/core'
import { openMysql } from './mysql.js'
import { openPglite } from './pglite.js'
import { openPostgres } from './postgres.js'
import type { Database, OpenOptions } from './types.js'

/** Where the database is: a server URL, or an embedded data directory. */
export type DatabaseTarget =
  | { readonly url: string }
  | { readonly pgliteDir: string; readonly label: string }

/** Opens the database the URL's scheme names, or the embedded PGlite. */
export async function openDatabase(
  target: DatabaseTarget,
  options: OpenOptions & { readonly waitMs: number }
): Promise<Database> {
  if ('pgliteDir' in target)
    return openPglite(target.pgliteDir, target.label, options)
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target.url)?.[1]
  switch (scheme?.toLowerCase()) {
    case 'postgres':
    case 'postgresql':
      return openPostgres(target.url, options)
    case 'mysql':
    case 'mariadb':
      return openMysql(target.url, options)
    default:
      throw new ConfigurationError(
        `the database URL must start with postgres://, postgresql://, mysql:// or mariadb:// (got ${scheme ? `${scheme}://` : 'no scheme'}).`,
        { reason: 'database_url_invalid' }
      )
  }
}
