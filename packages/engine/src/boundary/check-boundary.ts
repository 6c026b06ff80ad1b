import type { Plan } from '../plan-types.js'
import { everyStep } from '../plan/every-step.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import { formatPath } from '../plan/locate.js'
import type { PathSegment } from '../plan/locate.js'
import { mentionedIdentities } from './mentions.js'
import { productionHosts } from './production-hosts.js'
import type { BoundaryReach, BoundaryViolation } from './types.js'

/**
 * Production hosts that a non-production run would reach: named by its url,
 * its env values, every step's run text and env values, the migration
 * commands, the smoke check paths (steps and commands are shared, so a
 * production host written there refuses every non-production run), and the
 * `reaches` that are not in the plan (the database URL actually used, a
 * smoke URL input). Hosts are compared as the network sees them (see
 * hosts.ts), exactly, never by substring. Strict: a host shared on purpose
 * (a registry in both environments) counts too. A production run is not
 * checked: [].
 */
export function checkBoundary(
  plan: Plan,
  environment: string,
  reaches: readonly BoundaryReach[] = []
): BoundaryViolation[] {
  if (environmentOf(plan, environment).production) return []
  const production = productionHosts(plan)
  if (production.size === 0) return []
  const violations: BoundaryViolation[] = []
  const places = [...nonProductionPlaces(plan, environment), ...reaches]
  for (const { where, text } of places) {
    for (const host of mentionedIdentities(text)) {
      const productionSource = production.get(host)
      if (productionSource) {
        violations.push({ environment, where, host, productionSource })
      }
    }
  }
  return violations
}

function nonProductionPlaces(plan: Plan, name: string): BoundaryReach[] {
  const environment = environmentOf(plan, name)
  const steps = everyStep(plan).flatMap(({ list, index, step }) => [
    ...variablePlaces([list, index, 'env'], step.env),
    { where: `${list}[${index}].run`, text: step.run }
  ])
  const slots = Object.entries(environment.slots ?? {}).map(
    ([slot, { url }]) => ({
      where: at('environments', name, 'slots', slot, 'url'),
      text: url
    })
  )
  return [
    ...(environment.url === undefined
      ? []
      : [
          {
            where: environment.urlSource ?? at('environments', name, 'url'),
            text: environment.url
          }
        ]),
    ...variablePlaces(['environments', name, 'env'], environment.env),
    ...slots,
    ...steps,
    ...sharedCommands(plan)
  ]
}

// Migration commands (tool: command) run in every environment like steps;
// a smoke check's path is joined to every environment's URL.
function sharedCommands(plan: Plan): BoundaryReach[] {
  const places: BoundaryReach[] = []
  for (const key of ['up', 'down', 'status']) {
    const text = plan.migrations?.[key]
    if (typeof text === 'string')
      places.push({ where: at('migrations', key), text })
  }
  const checks = plan.smoke?.checks
  if (Array.isArray(checks)) {
    checks.forEach((check: unknown, index) => {
      const path = (check as { path?: unknown } | null)?.path
      if (typeof path === 'string') {
        places.push({ where: at('smoke', 'checks', index, 'path'), text: path })
      }
    })
  }
  return places
}

function variablePlaces(
  path: readonly PathSegment[],
  variables: Readonly<Record<string, string>>
): BoundaryReach[] {
  return Object.entries(variables).map(([key, text]) => ({
    where: at(...path, key),
    text
  }))
}

function at(...path: PathSegment[]): string {
  return formatPath(path)
}
