import { ConfigurationError } from '@rehearse/core'
import { assertWithinBoundary } from '@rehearse/engine'
import type { Plan, PlanEnvironment, Reporter } from '@rehearse/engine'
import type { DataConfig } from '../config/data-config.js'
import { databaseIdentity, dialectOf, urlPassword } from '../db/describe-url.js'

/** The two databases of a refresh, and where each URL came from. */
export interface RefreshUrls {
  readonly source: string
  readonly target: string
  readonly key: string
}

export interface ResolveUrlsInput {
  readonly plan: Plan
  readonly environment: PlanEnvironment
  readonly config: DataConfig
  readonly baseEnv: Readonly<Record<string, string>>
  /** Inputs that override the plan's variables (the action's, from secrets). */
  readonly sourceUrl?: string
  readonly targetUrl?: string
  readonly reporter: Reporter
}

/**
 * The source (`source-url` input, else `data.source-url-env` from the
 * job's env), the target — the database the environment's migrations use
 * (`database-url` input, else `migrations.database-url-env` from the job's
 * env, else from the environment's env) — and the masking key. Every
 * secret is masked in the log first. Refuses a production target, a target
 * on a production host (the boundary), and a target that is the source.
 */
export function resolveUrls(input: ResolveUrlsInput): RefreshUrls {
  const { plan, environment, config, baseEnv, reporter } = input
  if (environment.production)
    throw new ConfigurationError(
      `${environment.name} is a production environment: refresh-data only replaces the data of rehearsal environments (staging, previews). Give it another environment.`,
      { reason: 'production_environment' }
    )
  const source = first([
    [input.sourceUrl, 'the "source-url" input'],
    [baseEnv[config.sourceUrlEnv], `${config.sourceUrlEnv} in the job's env`]
  ])
  if (!source)
    throw new ConfigurationError(
      `no source database URL: set ${config.sourceUrlEnv} in the job's env from a secret (the production replica), or pass the "source-url" input.`,
      { reason: 'database_url_missing' }
    )
  const target = first([
    [input.targetUrl, 'the database URL (input "database-url")'],
    [
      baseEnv[config.targetUrlEnv],
      `the database URL (${config.targetUrlEnv} in the job's env)`
    ],
    [
      environment.env[config.targetUrlEnv],
      `the database URL (environments.${environment.name}.env.${config.targetUrlEnv})`
    ]
  ])
  if (!target)
    throw new ConfigurationError(
      `no database URL for ${environment.name}: pass the "database-url" input, or set ${config.targetUrlEnv} in the job's env — the variable the migrations read.`,
      { reason: 'database_url_missing' }
    )
  for (const url of [source.value, target.value]) maskUrl(url, reporter)
  const key = baseEnv[config.keyEnv] ?? ''
  if (key) reporter.mask(key)
  checkUrls(source.value, target.value)
  assertWithinBoundary(plan, environment.name, [
    { where: target.where, text: target.value }
  ])
  if (key.length < 16)
    throw new ConfigurationError(
      `the masking key ${config.keyEnv} is ${key ? 'shorter than 16 characters' : 'not set'}: set it in the job's env from a secret (e.g. openssl rand -hex 32). fake and hash derive every value from it, so it must stay secret and the same between refreshes.`
    )
  return { source: source.value, target: target.value, key }
}

function first(
  candidates: ReadonlyArray<readonly [string | undefined, string]>
): { value: string; where: string } | undefined {
  const found = candidates.find(([value]) => value)
  return found?.[0] ? { value: found[0], where: found[1] } : undefined
}

function maskUrl(url: string, reporter: Reporter): void {
  reporter.mask(url)
  const password = urlPassword(url)
  if (password) reporter.mask(password)
}

function checkUrls(source: string, target: string): void {
  const kinds = [dialectOf(source), dialectOf(target)]
  if (kinds.includes(undefined))
    throw new ConfigurationError(
      'the source and target URLs must start with postgres://, postgresql://, mysql:// or mariadb://',
      { reason: 'database_url_invalid' }
    )
  if (kinds[0] !== kinds[1])
    throw new ConfigurationError(
      `the source is ${kinds[0] === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'} and the target is not: a refresh copies between databases of the same engine.`,
      { reason: 'database_url_invalid' }
    )
  if (databaseIdentity(source) === databaseIdentity(target))
    throw new ConfigurationError(
      "the target database URL names the source database: a refresh would empty the production replica. Point the target at the environment's own database.",
      { reason: 'boundary_violation' }
    )
}
