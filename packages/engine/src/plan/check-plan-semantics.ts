import { entryIdentities } from '../boundary/index.js'
import { checkFeatures } from './check-features.js'
import { checkFreezes } from './check-freezes.js'
import { checkPerPr } from './per-pr.js'
import { checkPaths } from './check-paths.js'
import { checkStepText } from './check-step-text.js'
import { checkUrls } from './check-urls.js'
import type { PlanProblem } from './describe-schema-error.js'

interface RawStep {
  run: string
}
interface RawEnvironment {
  url?: string
  env?: Record<string, string>
  requires?: string[]
  hosts?: string[]
  production?: boolean
  slots?: Record<string, { url?: string }>
}
interface RawPlan {
  artifact?: string
  deploy: RawStep[]
  rollback?: RawStep[]
  strategy?: object
  freeze?: Parameters<typeof checkFreezes>[0]
  teardown?: { run: string }[]
  migrations?: { dir?: string }
  smoke?: { tls?: { 'ca-file'?: string } }
  environments: Record<string, RawEnvironment>
}

/**
 * What JSON Schema cannot say: references between environments, paths
 * inside the repository, and features this version does not run.
 */
export function checkPlanSemantics(
  plan: RawPlan,
  workspace: string
): PlanProblem[] {
  return [
    ...checkEnvironmentNames(plan.environments),
    ...checkRequires(plan.environments),
    ...checkHosts(plan.environments),
    ...checkPaths(plan, workspace),
    ...checkStepText(plan),
    ...checkUrls(plan.environments),
    ...checkFeatures(plan),
    ...checkFreezes(plan.freeze, Object.keys(plan.environments)),
    ...checkPerPr(plan.environments, plan.teardown)
  ]
}

// An environment's name becomes its lock branch, rehearse-lock/<name>:
// names git refuses as a ref would fail at the first write instead.
function checkEnvironmentNames(
  environments: Record<string, RawEnvironment>
): PlanProblem[] {
  return Object.keys(environments).flatMap(name =>
    name.includes('..') || name.endsWith('.') || name.endsWith('.lock')
      ? [
          {
            path: ['environments'],
            key: name,
            message: `environment name "${name}" cannot name its lock branch (git refuses "..", a trailing "." and a trailing ".lock"); rename it, e.g. ${JSON.stringify(name.replace(/\.+lock$|\.+$/, '').replace(/\.\.+/g, '-') || 'staging')}`
          }
        ]
      : []
  )
}

// hosts: names what a rehearsal must not reach; on a rehearsal it would
// mean nothing, which must not pass silently.
function checkHosts(
  environments: Record<string, RawEnvironment>
): PlanProblem[] {
  return Object.entries(environments).flatMap(([name, environment]) => {
    const hosts = environment.hosts ?? []
    if (hosts.length > 0 && !(environment.production ?? name === 'production'))
      return [
        {
          path: ['environments', name, 'hosts'],
          message: `hosts: lists production hosts no rehearsal may reach, but ${name} is not a production environment; move the list to production (or mark ${name} production: true)`
        }
      ]
    return hosts.flatMap((entry, index) =>
      entryIdentities(entry).length > 0
        ? []
        : [
            {
              path: ['environments', name, 'hosts', index],
              message: `"${entry}" names no host; give a host name, an IP address, or host:port on loopback (e.g. db.internal, 10.0.0.3, 127.0.0.1:5432)`
            }
          ]
    )
  })
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
