import { readFileSync, statSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { stringify } from 'yaml'
import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '../plan-types.js'
import { checkPlanSemantics } from './check-plan-semantics.js'
import { locateInRepository } from './check-paths.js'
import { forPullRequest, parseInstanceName } from './per-pr.js'
import { normalizePlan } from './normalize-plan.js'
import type { RawPlan } from './normalize-plan.js'
import { parsePlanText } from './parse-plan-text.js'

export interface LoadPlanOptions {
  /** Repository root; the plan and its scripts are read relative to it. */
  readonly workspace: string
  /** Plan path relative to the workspace (`.github/rehearse.yml`). */
  readonly file: string
  /** `script:` input: a one-step plan without a file. */
  readonly script?: string
  /** `url:` input: overrides the environment's URL. */
  readonly url?: string
  /** The environment this run targets (gets `url`). */
  readonly environment: string
  /** Environments a plan made from `script:` must know (e.g. staging for production). */
  readonly requires?: readonly string[]
}

/**
 * Reads, validates and normalizes the plan. Every problem is a
 * ConfigurationError naming file, line and key; nothing has run yet.
 */
export function loadPlan(options: LoadPlanOptions): Plan {
  const path = join(options.workspace, options.file)
  const hasFile = planFileExists(options)
  if (options.script) checkScriptInput(options.workspace, options.script)
  if (options.script && hasFile) {
    throw new ConfigurationError(
      `both a plan (${options.file}) and the "script" input were given: use one. Put the script in the plan's deploy steps, or remove the plan file.`,
      { reason: 'invalid_plan' }
    )
  }
  if (!options.script && !hasFile) {
    throw new ConfigurationError(
      `${options.file}: no such file. Add a deployment plan there (see the README), set the "config" input to its path, or give the "script" input.`,
      { reason: 'no_plan' }
    )
  }
  const file = hasFile ? options.file : 'inputs (script, url)'
  const text = hasFile ? readFileSync(path, 'utf8') : planFromInputs(options)
  const parsed = parsePlanText(file, text)
  const raw = parsed.value as unknown as RawPlan
  applyUrlInput(raw, options)
  const problems = checkPlanSemantics(raw, options.workspace)
  if (problems.length > 0) {
    throw new ConfigurationError(problems.map(parsed.describe).join('\n'), {
      reason: problems.find(p => p.reason)?.reason ?? 'invalid_plan'
    })
  }
  // `preview/pr-42`: the environment of one pull request, made from the
  // plan's per-PR `preview`.
  const instance = parseInstanceName(options.environment)
  const perPr =
    instance !== undefined &&
    !raw.environments[options.environment] &&
    raw.environments[instance.base]?.['per-pr'] === true
  if (!raw.environments[options.environment] && !perPr) {
    throw new ConfigurationError(
      `${file}: environment "${options.environment}" is not defined (known: ${Object.keys(raw.environments).join(', ')}). Add it under "environments:" or fix the environment name.`,
      { reason: 'invalid_plan' }
    )
  }
  const normalized = normalizePlan(file, raw)
  const plan =
    perPr && instance
      ? forPullRequest(normalized, instance.base, instance.pr).plan
      : normalized
  const target = plan.environments[options.environment]
  if (!options.url || !target) return plan
  // Messages must name the input, not a plan key the user never wrote.
  return {
    ...plan,
    environments: {
      ...plan.environments,
      [options.environment]: {
        ...target,
        url: options.url,
        urlSource: 'the "url" input'
      }
    }
  }
}

// The same rules apply without a file: the inputs become a one-step plan.
function planFromInputs(options: LoadPlanOptions): string {
  const environments: Record<string, object> = {}
  for (const name of options.requires ?? []) environments[name] = {}
  environments[options.environment] = options.requires?.length
    ? { requires: [...options.requires] }
    : {}
  const script = options.script ?? ''
  const run = script.startsWith('./') ? script : `./${script}`
  return stringify({
    version: 1,
    deploy: [{ name: script, run }],
    environments
  })
}

// The plan must be a file of the repository: it is part of the code.
function planFileExists(options: LoadPlanOptions): boolean {
  const where = isAbsolute(options.file)
    ? 'outside'
    : locateInRepository(options.workspace, options.file)
  if (where === 'outside') {
    throw new ConfigurationError(
      `${options.file}: the plan must be a file of the repository (a path relative to its root), but this resolves outside it.`,
      { reason: 'path_outside_repository' }
    )
  }
  if (where === 'missing') return false
  if (!statSync(join(options.workspace, options.file)).isFile()) {
    throw new ConfigurationError(
      `${options.file} is a folder, not a plan file. Give the path of the YAML file, e.g. .github/rehearse.yml.`,
      { reason: 'invalid_plan' }
    )
  }
  return true
}

// "script" names a file to run, never shell text: it could not be
// fingerprinted, and a ";" in it would run a second command.
function checkScriptInput(workspace: string, script: string): void {
  if (!/^[\w./-]+$/.test(script) || isAbsolute(script)) {
    throw new ConfigurationError(
      `input "script" must be the path of a script in the repository (letters, digits, ".", "_", "-", "/"), got ${JSON.stringify(script)}. Put commands in the script file, or write a plan with deploy steps.`,
      { reason: 'invalid_plan' }
    )
  }
  const where = locateInRepository(workspace, script)
  if (where !== 'inside' || !statSync(join(workspace, script)).isFile()) {
    throw new ConfigurationError(
      where === 'outside'
        ? `input "script": ${script} resolves outside the repository; give a script of the repository, relative to its root.`
        : `input "script": ${script} is not a file of the repository (paths are relative to its root).`,
      {
        reason: where === 'outside' ? 'path_outside_repository' : 'invalid_plan'
      }
    )
  }
}

function applyUrlInput(raw: RawPlan, options: LoadPlanOptions): void {
  if (!options.url) return
  if (!/^https?:\/\/[^\s]+$/.test(options.url)) {
    throw new ConfigurationError(
      `input "url" must be an http(s) URL, got ${JSON.stringify(options.url)}`,
      { reason: 'invalid_url' }
    )
  }
  const environment = raw.environments[options.environment]
  if (environment) environment.url = options.url
}
