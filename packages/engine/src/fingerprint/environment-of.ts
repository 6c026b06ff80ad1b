import { ConfigurationError } from '@rehearse/core'
import type { Plan, PlanEnvironment } from '../plan-types.js'

/** The named environment of the plan, or an error listing the known ones. */
export function environmentOf(plan: Plan, name: string): PlanEnvironment {
  // hasOwn: a name like "constructor" must not find Object's prototype.
  const found = Object.hasOwn(plan.environments, name)
    ? plan.environments[name]
    : undefined
  if (found) return found
  throw new ConfigurationError(
    `${plan.file}: environment "${name}" is not defined (known: ${Object.keys(plan.environments).join(', ')}). Add it under "environments:" or fix the environment name.`
  )
}

/** A variable's value, or undefined when the map does not define it. */
export function valueOf(
  variables: Readonly<Record<string, string>>,
  name: string
): string | undefined {
  return Object.hasOwn(variables, name) ? variables[name] : undefined
}
