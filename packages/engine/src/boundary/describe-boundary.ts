import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '../plan-types.js'
import { checkBoundary } from './check-boundary.js'
import type { BoundaryViolation } from './types.js'

/**
 * One line per violation, naming the place, the host and where production
 * names it, and how to fix it.
 */
export function describeBoundaryViolations(
  file: string,
  violations: readonly BoundaryViolation[]
): string {
  return violations
    .map(
      ({ environment, where, host, productionSource }) =>
        `${file}: ${where} mentions production host "${host}" (from ${productionSource}); a ${environment} run must not reach production. ${advice(where, environment)}`
    )
    .join('\n')
}

function advice(where: string, environment: string): string {
  // A step is shared by every environment: a host written there cannot be
  // right for both, so it belongs in each environment's own env.
  return where.startsWith('environments.')
    ? `Point it at a ${environment} host.`
    : `Steps are the same in every environment: read the host from a variable (the environment's env, or REHEARSE_URL) instead of writing it in the step.`
}

/**
 * Refuses, before any step runs, a non-production run whose configuration
 * mentions a production host (ConfigurationError, reason
 * `boundary_violation`). Does nothing for a production run.
 */
export function assertWithinBoundary(plan: Plan, environment: string): void {
  const violations = checkBoundary(plan, environment)
  if (violations.length === 0) return
  throw new ConfigurationError(
    describeBoundaryViolations(plan.file, violations),
    { reason: 'boundary_violation' }
  )
}
