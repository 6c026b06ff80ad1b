import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '../plan-types.js'
import { checkPlanSemantics } from './check-plan-semantics.js'
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
  const hasFile = existsSync(path)
  if (options.script && hasFile) {
    throw new ConfigurationError(
      `both a plan (${options.file}) and the "script" input were given: use one. Put the script in the plan's deploy steps, or remove the plan file.`
    )
  }
  if (!options.script && !hasFile) {
    throw new ConfigurationError(
      `${options.file}: no such file. Add a deployment plan there (see the README), set the "config" input to its path, or give the "script" input.`
    )
  }
  const file = hasFile ? options.file : 'inputs (script, url)'
  const text = hasFile ? readFileSync(path, 'utf8') : planFromInputs(options)
  const parsed = parsePlanText(file, text)
  const raw = parsed.value as unknown as RawPlan
  applyUrlInput(raw, options)
  const problems = checkPlanSemantics(raw, options.workspace)
  if (problems.length > 0) {
    throw new ConfigurationError(problems.map(parsed.describe).join('\n'))
  }
  if (!raw.environments[options.environment]) {
    throw new ConfigurationError(
      `${file}: environment "${options.environment}" is not defined (known: ${Object.keys(raw.environments).join(', ')}). Add it under "environments:" or fix the "environment" input.`
    )
  }
  return normalizePlan(file, raw)
}

// The same rules apply without a file: the inputs become a one-step plan.
function planFromInputs(options: LoadPlanOptions): string {
  const environments: Record<string, object> = {}
  for (const name of options.requires ?? []) environments[name] = {}
  environments[options.environment] = options.requires?.length
    ? { requires: [...options.requires] }
    : {}
  return stringify({
    version: 1,
    deploy: [{ name: options.script, run: options.script }],
    environments
  })
}

function applyUrlInput(raw: RawPlan, options: LoadPlanOptions): void {
  if (!options.url) return
  if (!/^https?:\/\/[^\s]+$/.test(options.url)) {
    throw new ConfigurationError(
      `input "url" must be an http(s) URL, got ${JSON.stringify(options.url)}`
    )
  }
  const environment = raw.environments[options.environment]
  if (environment) environment.url = options.url
}
