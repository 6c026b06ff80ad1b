import type { Plan, PlanStep } from '../plan-types.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import { formatPath } from '../plan/locate.js'
import type { PathSegment } from '../plan/locate.js'
import { hostsIn } from './hosts.js'
import type { BoundaryViolation } from './types.js'

interface Place {
  readonly where: string
  readonly text: string
}

/**
 * Production hosts that a non-production run's resolved configuration
 * mentions: its url, its env values, and every step's env values and run
 * text (steps are shared, so a production host written in a step refuses
 * every non-production run). Hosts are compared exactly, never by substring.
 * Strict: a host shared on purpose (a registry in both environments) counts
 * too. A production run is not checked: [].
 */
export function checkBoundary(
  plan: Plan,
  environment: string
): BoundaryViolation[] {
  if (environmentOf(plan, environment).production) return []
  const production = productionHosts(plan)
  if (production.size === 0) return []
  const violations: BoundaryViolation[] = []
  for (const { where, text } of nonProductionPlaces(plan, environment)) {
    for (const host of hostsIn(text, { bareIps: true })) {
      const productionSource = production.get(host)
      if (productionSource) {
        violations.push({ environment, where, host, productionSource })
      }
    }
  }
  return violations
}

/** Every production host, with the first place production names it. */
export function productionHosts(plan: Plan): Map<string, string> {
  const hosts = new Map<string, string>()
  for (const [name, environment] of Object.entries(plan.environments)) {
    if (!environment.production) continue
    const places: Place[] = [
      ...(environment.url === undefined
        ? []
        : [{ where: at('environments', name, 'url'), text: environment.url }]),
      ...variablePlaces(['environments', name, 'env'], environment.env)
    ]
    for (const { where, text } of places) {
      for (const host of hostsIn(text)) {
        if (!hosts.has(host)) hosts.set(host, where)
      }
    }
  }
  return hosts
}

function nonProductionPlaces(plan: Plan, name: string): Place[] {
  const environment = environmentOf(plan, name)
  const steps = (list: string, items: readonly PlanStep[]): Place[] =>
    items.flatMap((step, index) => [
      ...variablePlaces([list, index, 'env'], step.env),
      { where: at(list, index, 'run'), text: step.run }
    ])
  return [
    ...(environment.url === undefined
      ? []
      : [{ where: at('environments', name, 'url'), text: environment.url }]),
    ...variablePlaces(['environments', name, 'env'], environment.env),
    ...steps('deploy', plan.deploy),
    ...steps('rollback', plan.rollback)
  ]
}

function variablePlaces(
  path: readonly PathSegment[],
  variables: Readonly<Record<string, string>>
): Place[] {
  return Object.entries(variables).map(([key, text]) => ({
    where: at(...path, key),
    text
  }))
}

function at(...path: PathSegment[]): string {
  return formatPath(path)
}
