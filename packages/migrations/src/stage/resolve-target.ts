import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import type { PlanEnvironment } from '@rehearse/engine'
import type { MigrationConfig } from '../config/migration-config.js'
import type { DatabaseTarget } from '../db/open-database.js'

/**
 * The database to migrate: the `database-url` input, else the variable the
 * plan names (from the job's environment, then the environment's `env`),
 * else the embedded PGlite — except in production, where a missing URL is
 * an error unless the caller allows the embedded database there.
 */
export function resolveTarget(options: {
  readonly config: MigrationConfig
  readonly environment: PlanEnvironment
  readonly baseEnv: Readonly<Record<string, string>>
  readonly workspace: string
  readonly databaseUrl: string | undefined
  readonly embeddedInProduction: boolean
  readonly pgliteDir: string | undefined
}): DatabaseTarget | undefined {
  const { config, environment } = options
  const variable = config.databaseUrlEnv.name
  const url =
    options.databaseUrl ||
    options.baseEnv[variable] ||
    environment.env[variable] ||
    ''
  if (url) return { url }
  const missing = (why: string): never => {
    throw new ConfigurationError(
      `no database URL for ${environment.name}: ${why}. Pass the "database-url" input (from a secret), or set ${variable} in the job's env.`,
      { reason: 'database_url_missing' }
    )
  }
  if (config.databaseUrlEnv.explicit)
    missing(`the plan reads it from ${variable}, which is empty`)
  if (config.tool === 'command') return undefined
  if (environment.production && !options.embeddedInProduction)
    missing('production never falls back to the embedded database')
  const relative = join('.rehearse', 'pglite', environment.name)
  return {
    pgliteDir: options.pgliteDir ?? join(options.workspace, relative),
    label: options.pgliteDir ?? relative
  }
}
