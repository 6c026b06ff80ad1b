import { ConfigurationError } from '@rehearse/core'
import type { DataConnection } from './connection.js'
import { dialectOf } from './describe-url.js'
import { openMysql } from './mysql-connection.js'
import { openPostgres } from './postgres-connection.js'

/** Opens the source or the target by its URL's scheme. */
export async function openConnection(
  url: string,
  role: 'source' | 'target'
): Promise<DataConnection> {
  switch (dialectOf(url)) {
    case 'postgres':
      return openPostgres(url, role)
    case 'mysql':
      return openMysql(url, role)
    default:
      throw new ConfigurationError(
        `the ${role} URL must start with postgres://, postgresql://, mysql:// or mariadb://.`,
        { reason: 'database_url_invalid' }
      )
  }
}
