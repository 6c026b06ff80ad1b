import type { RunContext } from './types.js'

/** The variables Rehearse sets for every step, in every environment. */
export const REHEARSE_VARIABLES = [
  'REHEARSE_ENVIRONMENT',
  'REHEARSE_SHA',
  'REHEARSE_REF',
  'REHEARSE_ARTIFACT',
  'REHEARSE_URL',
  'REHEARSE_PREVIOUS_SHA',
  'REHEARSE_REHEARSED_SHA'
] as const

/** Set only for the steps a strategy or a rollback runs. */
export const STRATEGY_VARIABLES = [
  'REHEARSE_SLOT',
  'REHEARSE_SLOT_URL',
  'REHEARSE_PREVIOUS_SLOT',
  'REHEARSE_TRAFFIC_PERCENT',
  'REHEARSE_ROLLBACK_FROM',
  'REHEARSE_SCALE'
] as const

const SHA_EXPRESSION = /\$\{\{\s*sha\s*\}\}/g

/**
 * The plan's artifact reference for one commit: every `${{ sha }}` (spaces
 * inside the braces optional) becomes the SHA. Other text is kept as is.
 */
export function resolveArtifact(template: string, sha: string): string {
  // A function replacement, so `$&` or `$1` in a value is never special.
  return template.replace(SHA_EXPRESSION, () => sha)
}

/**
 * The variables a step gets, on top of the base process environment (PATH,
 * HOME…) that the caller merges underneath. Precedence, lowest first: the
 * environment's `env`, the step's own `env` (the more specific wins, as in
 * GitHub Actions), then the `REHEARSE_*` variables, which neither can
 * override: they are what makes the rehearsal and the release comparable.
 */
export function stepVariables(
  context: RunContext,
  artifact: string | undefined,
  stepEnv: Readonly<Record<string, string>>
): Record<string, string> {
  const rehearsed = context.rehearsedSha ?? context.sha
  return {
    ...context.environment.env,
    ...stepEnv,
    REHEARSE_ENVIRONMENT: context.environment.name,
    REHEARSE_SHA: context.sha,
    REHEARSE_REF: context.ref,
    REHEARSE_ARTIFACT:
      context.artifact ??
      (artifact === undefined ? '' : resolveArtifact(artifact, rehearsed)),
    REHEARSE_URL: context.environment.url ?? '',
    REHEARSE_PREVIOUS_SHA: context.previousSha ?? '',
    REHEARSE_REHEARSED_SHA: rehearsed,
    ...context.variables
  }
}

/** Names in `env` that {@link stepVariables} ignores because Rehearse sets them. */
export function reservedNames(env: Readonly<Record<string, string>>): string[] {
  return [...REHEARSE_VARIABLES, ...STRATEGY_VARIABLES].filter(name =>
    Object.hasOwn(env, name)
  )
}
