import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { PlanProblem } from './describe-schema-error.js'
import { scriptReferences } from './script-paths.js'

interface RawStep {
  run: string
}
interface RawEnvironment {
  requires?: string[]
}
interface RawPlan {
  deploy: RawStep[]
  rollback?: RawStep[]
  environments: Record<string, RawEnvironment>
}

/** What JSON Schema cannot say: references between environments and files. */
export function checkPlanSemantics(
  plan: RawPlan,
  workspace: string
): PlanProblem[] {
  return [...checkRequires(plan.environments), ...checkScripts(plan, workspace)]
}

function checkRequires(
  environments: Record<string, RawEnvironment>
): PlanProblem[] {
  const names = Object.keys(environments)
  const problems: PlanProblem[] = []
  for (const [name, environment] of Object.entries(environments)) {
    ;(environment.requires ?? []).forEach((required, index) => {
      const path = ['environments', name, 'requires', index]
      if (required === name) {
        problems.push({ path, message: `"${name}" cannot require itself` })
      } else if (!names.includes(required)) {
        problems.push({
          path,
          message: `unknown environment "${required}" (known: ${names.join(', ')})`
        })
      }
    })
  }
  const cycle = findCycle(environments)
  if (cycle && cycle[0] !== undefined) {
    problems.push({
      path: ['environments', cycle[0], 'requires'],
      message: `requires form a cycle: ${cycle.join(' → ')}; an environment cannot wait for itself`
    })
  }
  return problems
}

function findCycle(
  environments: Record<string, RawEnvironment>
): string[] | undefined {
  const done = new Set<string>()
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (trail.includes(name)) return [...trail.slice(trail.indexOf(name)), name]
    if (done.has(name)) return undefined
    for (const next of environments[name]?.requires ?? []) {
      if (next === name || !environments[next]) continue
      const cycle = visit(next, [...trail, name])
      if (cycle) return cycle
    }
    done.add(name)
    return undefined
  }
  for (const name of Object.keys(environments)) {
    const cycle = visit(name, [])
    if (cycle) return cycle
  }
  return undefined
}

function checkScripts(plan: RawPlan, workspace: string): PlanProblem[] {
  const problems: PlanProblem[] = []
  for (const list of ['deploy', 'rollback'] as const) {
    ;(plan[list] ?? []).forEach((step, index) => {
      for (const { path, required } of scriptReferences(step.run)) {
        const full = join(workspace, path)
        if (!required || (existsSync(full) && statSync(full).isFile())) continue
        problems.push({
          path: [list, index, 'run'],
          message: `script "${path}" not found in the repository (paths are relative to its root)`
        })
      }
    })
  }
  return problems
}
