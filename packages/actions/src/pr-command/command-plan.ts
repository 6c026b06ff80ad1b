import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { planEnvironmentNames } from '@rehearse/chatops'
import type { Refusal } from '@rehearse/chatops'
import { isConfigurationError } from '@rehearse/core'
import { forPullRequest, loadPlan } from '@rehearse/engine'
import type { Plan } from '@rehearse/engine'
import { createGitHubSourceControl } from '@rehearse/github'
import type { Session } from './session.js'

/** The environments a command may name, read from the trusted plan. */
export interface CommandPlan {
  /** Every environment, in the plan's order. */
  readonly names: readonly string[]
  /** Undefined without a plan file (script-only repositories). */
  readonly plan: Plan | undefined
  isProduction(name: string): boolean
  urlOf(name: string): string | undefined
  /**
   * What a command for `name` on pull request `pr` deploys, locks and
   * reports on, and its URL: the pull request's own instance
   * (`preview/pr-42`) of a per-PR environment, otherwise `name` itself.
   */
  instanceOf(
    name: string,
    pr: number
  ): { environment: string; url: string | undefined }
}

/**
 * Loads the plan for `environment`. It must come from the default
 * branch's checkout (HEAD = GITHUB_SHA, what issue_comment runs on): a
 * plan checked out from the pull request could grant itself exceptions.
 * Without a plan file, the `environment`/`environments` inputs are the
 * environments, none of them production.
 */
export async function loadCommandPlan(
  session: Session,
  environment: string
): Promise<CommandPlan | Refusal> {
  const { inputs, github } = session
  const { workspace } = github
  if (!existsSync(join(workspace, inputs.config))) {
    const names = [...new Set([inputs.environment, ...inputs.environments])]
    return known(names, environment) ?? plain(names)
  }
  const trusted = await checkTrusted(session)
  if (trusted) return trusted
  const names = planEnvironmentNames(workspace, inputs.config)
  const unknown = known(names, environment)
  if (unknown) return unknown
  let plan: Plan
  try {
    plan = loadPlan({ workspace, file: inputs.config, environment })
  } catch (error) {
    if (!isConfigurationError(error)) throw error
    return { reason: 'invalid_plan', message: error.message }
  }
  const of = (name: string) =>
    Object.hasOwn(plan.environments, name) ? plan.environments[name] : undefined
  return {
    names: Object.keys(plan.environments),
    plan,
    isProduction: name => of(name)?.production ?? false,
    urlOf: name => of(name)?.url,
    instanceOf: (name, pr) => {
      if (!of(name)) return { environment: name, url: undefined }
      const made = forPullRequest(plan, name, pr)
      const url = made.plan.environments[made.environment]?.url
      return { environment: made.environment, url }
    }
  }
}

function plain(names: readonly string[]): CommandPlan {
  return {
    names,
    plan: undefined,
    isProduction: () => false,
    urlOf: () => undefined,
    instanceOf: name => ({ environment: name, url: undefined })
  }
}

function known(
  names: readonly string[],
  environment: string
): Refusal | undefined {
  if (names.includes(environment)) return undefined
  return {
    reason: 'unknown_environment',
    message: `there is no environment "${environment}" (known: ${names.join(', ') || 'none'}).`
  }
}

async function checkTrusted(session: Session): Promise<Refusal | undefined> {
  const expected = (process.env.GITHUB_SHA ?? '').toLowerCase()
  const { gh, workspace } = session.github
  let head = ''
  try {
    head = await createGitHubSourceControl({ ...gh, workspace }).headSha()
  } catch {
    // No git checkout: nothing says where the plan came from.
  }
  if (expected && head === expected) return undefined
  return {
    reason: 'untrusted_plan',
    message: `the plan in the workspace is not the default branch's (HEAD ${head.slice(0, 7) || 'unknown'}, workflow commit ${expected.slice(0, 7) || 'unknown'}). Check out the default branch before pr-command (actions/checkout without ref) and the pull request's sha only after it.`
  }
}

/** Refuses environments `.deploy`, `.noop` and `.rollback` may not target. */
export function checkDeployable(
  session: Session,
  plan: CommandPlan,
  environment: string
): Refusal | undefined {
  if (plan.isProduction(environment)) {
    return {
      reason: 'production_environment',
      message: `${environment} is a production environment: it is reached only through promote-to-prod and its gate, never from a comment.`
    }
  }
  const allowed = session.inputs.environments
  if (allowed.length > 0 && !allowed.includes(environment)) {
    return {
      reason: 'environment_not_allowed',
      message: `this workflow deploys only ${allowed.join(', ')} from comments, not ${environment}.`
    }
  }
  return undefined
}

/** Environments `.deploy` may target from this workflow. */
export function deployableEnvironments(
  session: Session,
  plan: CommandPlan
): string[] {
  return plan.names.filter(
    name => checkDeployable(session, plan, name) === undefined
  )
}
