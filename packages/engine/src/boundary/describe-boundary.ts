import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '../plan-types.js'
import { checkBoundary } from './check-boundary.js'
import { isLoopbackIdentity } from './hosts.js'
import type { BoundaryReach, BoundaryViolation } from './types.js'

/**
 * One line per violation, naming the place, the host and where production
 * names it, and how to fix it. Only the host identity is printed, never the
 * text it was found in (a URL may carry a password).
 */
export function describeBoundaryViolations(
  file: string,
  violations: readonly BoundaryViolation[]
): string {
  return violations
    .map(
      ({ environment, where, host, productionSource }) =>
        `${file}: ${where} mentions production host "${host}" (from ${productionSource}); a ${environment} run must not reach production. ${advice(where, environment, host)}`
    )
    .join('\n')
}

function advice(where: string, environment: string, host: string): string {
  const loopback = isLoopbackIdentity(host)
    ? ` On loopback, localhost, 127.0.0.1, [::1] and 0.0.0.0 are one host: only the port tells environments apart, so give ${environment} its own port.`
    : ''
  // A step (or migration command, or smoke path) is shared by every
  // environment: a host written there cannot be right for both, so it
  // belongs in each environment's own env.
  return shared(where)
    ? `Steps are the same in every environment: read the host from a variable (the environment's env, or REHEARSE_URL) instead of writing it in the step.${loopback}`
    : `Point it at a ${environment} host.${loopback}`
}

function shared(where: string): boolean {
  return /^(?:deploy|rollback)\[|^migrations\.|^smoke\./.test(where)
}

/**
 * Refuses, before any step runs, a non-production run whose configuration
 * or `reaches` (the database URL actually used, smoke URL inputs) mention a
 * production host (ConfigurationError, reason `boundary_violation`). Does
 * nothing for a production run.
 */
export function assertWithinBoundary(
  plan: Plan,
  environment: string,
  reaches: readonly BoundaryReach[] = []
): void {
  const violations = checkBoundary(plan, environment, reaches)
  if (violations.length === 0) return
  throw new ConfigurationError(
    describeBoundaryViolations(plan.file, violations),
    { reason: 'boundary_violation' }
  )
}
