import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { Plan } from '../plan-types.js'
import { loadPlan } from '../plan/load-plan.js'

/**
 * The plan for a run about every environment at once (the drift check):
 * loaded and checked like any run's, for one of its own environments, so
 * no `environment` has to be named that the plan might not have.
 */
export function loadWholePlan(workspace: string, file: string): Plan {
  return loadPlan({
    workspace,
    file,
    environment: anyEnvironment(workspace, file)
  })
}

function anyEnvironment(workspace: string, file: string): string {
  try {
    const doc = parse(readFileSync(join(workspace, file), 'utf8')) as {
      environments?: Record<string, { 'per-pr'?: unknown } | null>
    }
    const entries = Object.entries(doc?.environments ?? {})
    const plain = entries.find(([, env]) => env?.['per-pr'] !== true)
    const name = (plain ?? entries[0])?.[0]
    if (name) return name
  } catch {
    // Unreadable or invalid: loadPlan says what is wrong, with line numbers.
  }
  return 'staging'
}
