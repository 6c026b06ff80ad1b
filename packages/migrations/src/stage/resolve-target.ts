import { join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import type { PlanEnvironment } from '@rehearse/engine'
import type { MigrationConfig } from '../config/migration-config.js'

/** The database to migrate, and where its URL came from (for messages). */
export type ResolvedTarget =
  | { readonly target: { readonly url: string }; readonly source: string }
  | {
      readonly target: { readonly pgliteDir: string; readonly label: string }
      readonly source: undefined
    }

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
}): ResolvedTarget | undefined {
  const { config, environment } = options
  const variable = config.databaseUrlEnv.name
  const sources: Array<[string | undefined, string]> = [
    [options.databaseUrl, 'the database URL (input "database-url")'],
    [
      options.baseEnv[variable],
      `the database URL (${variable} in the job's env)`
    ],
    [
      environment.env[variable],
      `the database URL (environments.${environment.name}.env.${variable})`
    ]
  ]
  const found = sources.find(([url]) => url)
  if (found?.[0]) return { target: { url: found[0] }, source: found[1] }
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
    target: {
      pgliteDir: options.pgliteDir ?? join(options.workspace, relative),
      label: options.pgliteDir ?? relative
    },
    source: undefined
  }
}
