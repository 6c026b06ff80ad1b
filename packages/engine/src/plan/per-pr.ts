import { ConfigurationError } from '@rehearse/core'
import type { Plan, PlanEnvironment } from '../plan-types.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import type { PlanProblem } from './describe-schema-error.js'

interface RawEnvironment {
  url?: string
  env?: Record<string, string>
  requires?: string[]
  production?: boolean
  'per-pr'?: boolean
  'max-idle-days'?: number
}

const PR = /\$\{\{\s*pr\s*\}\}/g
const INSTANCE = /^(.+)\/pr-([1-9]\d{0,9})$/

/** `preview/pr-42`: the environment of one pull request. */
export function instanceName(base: string, pr: number): string {
  return `${base}/pr-${pr}`
}

/** `preview/pr-42` → preview and 42; undefined for any other name. */
export function parseInstanceName(
  name: string
): { base: string; pr: number } | undefined {
  const match = INSTANCE.exec(name)
  return match?.[1] && match[2]
    ? { base: match[1], pr: Number(match[2]) }
    : undefined
}

/** What a plan may say about per-PR environments. */
export function checkPerPr(
  environments: Record<string, RawEnvironment>,
  teardown: readonly unknown[] | undefined
): PlanProblem[] {
  const problems: PlanProblem[] = []
  const perPr = Object.entries(environments).filter(([, e]) => e?.['per-pr'])
  for (const [name, environment] of Object.entries(environments)) {
    const at = ['environments', name]
    const own = environment?.['per-pr'] === true
    if (own && (environment.production ?? name === 'production'))
      problems.push({
        path: [...at, 'per-pr'],
        message: 'a production environment cannot be per-PR'
      })
    if (!own && environment?.['max-idle-days'] !== undefined)
      problems.push({
        path: [...at, 'max-idle-days'],
        message: 'max-idle-days is used only with per-pr: true'
      })
    const texts = [
      environment?.url ?? '',
      ...Object.values(environment?.env ?? {})
    ]
    if (!own && texts.some(text => new RegExp(PR).test(text)))
      problems.push({
        path: at,
        message: '${{ pr }} is known only in a per-pr environment'
      })
    for (const [index, required] of (environment?.requires ?? []).entries()) {
      if (perPr.some(([base]) => base === required))
        problems.push({
          path: [...at, 'requires', index],
          message: `${required} is per-PR: each pull request has its own, so no other environment can require it`
        })
    }
  }
  if ((teardown ?? []).length > 0 && perPr.length === 0)
    problems.push({
      path: ['teardown'],
      message:
        'teardown steps run only for per-pr environments, and the plan has none; remove them, or mark an environment per-pr: true'
    })
  return problems
}

/**
 * The environment a run may lock and change: never a per-PR environment
 * itself, which is only the template of its pull requests' instances (and
 * whose lock branch would shadow theirs on GitHub).
 */
export function runnableEnvironment(
  plan: Plan,
  environment: string
): PlanEnvironment {
  const found = environmentOf(plan, environment)
  if (found.perPr)
    throw new ConfigurationError(
      `${environment} is a per-PR environment: name one pull request's instance, e.g. ${instanceName(environment, 42)}, or give the pull request (the pr-number input, a pull_request event, or --pr <number>).`,
      { reason: 'invalid_plan' }
    )
  return found
}

/**
 * The plan with a per-PR environment made for one pull request: named
 * `<base>/pr-<number>`, `${{ pr }}` replaced in its url and env values,
 * its deployments transient. A plan environment that is not per-PR is
 * returned as it is.
 */
export function forPullRequest(
  plan: Plan,
  environment: string,
  pr: number | undefined
): { plan: Plan; environment: string } {
  const base = plan.environments[environment]
  if (!base?.perPr) return { plan, environment }
  if (pr === undefined)
    throw new ConfigurationError(
      `${environment} is a per-PR environment: give the pull request (the pr-number input, a pull_request event, or --pr <number>), or name its environment, e.g. ${instanceName(environment, 42)}.`,
      { reason: 'invalid_plan' }
    )
  const name = instanceName(environment, pr)
  const fill = (text: string) => text.replace(PR, () => String(pr))
  const instance: PlanEnvironment = {
    ...base,
    name,
    url: base.url === undefined ? undefined : fill(base.url),
    env: Object.fromEntries(
      Object.entries(base.env).map(([key, value]) => [key, fill(value)])
    ),
    perPr: false,
    transient: true,
    pr
  }
  return {
    plan: { ...plan, environments: { ...plan.environments, [name]: instance } },
    environment: name
  }
}
