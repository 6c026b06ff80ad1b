import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '@rehearse/engine'
import type { SmokeCheck, SmokeConfig } from '../types.js'
import { compileCheck } from './compile-check.js'
import type { Problems } from './compile-check.js'
import { compileFlags } from './compile-flags.js'
import {
  checkRunNames,
  checkVariantLists,
  expandVariants
} from './expand-variants.js'
import { DEFAULTS } from './raw-smoke.js'
import type { RawSmoke } from './raw-smoke.js'
import { referencesIn, stringsIn } from './template.js'

/**
 * `smoke` of the plan with its defaults, checked for what the JSON Schema
 * cannot say: unique names, valid regular expressions and JSON paths,
 * `${{ … }}` references that resolve (a captured value must come from an
 * earlier check of the same flow; an environment variable must be set), and
 * `variants:` that name flags of `smoke.flags`. Every problem is reported at
 * once. A check with `variants:` comes back as one check per variant.
 */
export function compileSmokeConfig(
  plan: Plan,
  env: Readonly<Record<string, string | undefined>>
): SmokeConfig {
  const raw = (plan.smoke ?? {}) as RawSmoke
  const lines: string[] = []
  const problem: Problems = (key, message) =>
    lines.push(`${plan.file}: ${key}: ${message}`)
  if (!raw.checks?.length) {
    throw new ConfigurationError(
      `${plan.file}: smoke.checks: the plan defines no smoke checks. Add them under "smoke: checks:" (see the smoke-test README).`,
      { reason: 'no_checks' }
    )
  }
  const timeouts = {
    connectMs: raw.timeouts?.['connect-ms'] ?? DEFAULTS.connectMs,
    readMs: raw.timeouts?.['read-ms'] ?? DEFAULTS.readMs
  }
  const written = raw.checks.map((check, index) =>
    compileCheck(check, index, timeouts, problem)
  )
  checkNames(written, problem)
  const envNames = checkReferences(written, problem)
  const checks = withVariants(raw, written, problem)
  const unset = envNames.filter(name => !env[name])
  if (unset.length > 0) {
    problem(
      'smoke.checks',
      `environment variable(s) ${unset.join(', ')} used by the checks are not set or empty; map them in the workflow step's env: (e.g. ${unset[0]}: \${{ secrets.${unset[0]} }})`
    )
  }
  if (lines.length > 0)
    throw new ConfigurationError(lines.join('\n'), { reason: 'invalid_plan' })
  const wait = raw['wait-for-healthy'] ?? {}
  return {
    checks,
    concurrency: raw.concurrency ?? DEFAULTS.concurrency,
    waitForHealthy: {
      deadlineMs: (wait['deadline-seconds'] ?? DEFAULTS.deadlineSeconds) * 1000,
      initialBackoffMs: wait['initial-backoff-ms'] ?? DEFAULTS.initialBackoffMs,
      maxBackoffMs: wait['max-backoff-ms'] ?? DEFAULTS.maxBackoffMs
    },
    tls: {
      warnDays: raw.tls?.['warn-days'] ?? DEFAULTS.warnDays,
      errorDays: raw.tls?.['error-days'] ?? DEFAULTS.errorDays,
      caFile: raw.tls?.['ca-file']
    },
    baseline: {
      maxP95Ratio: raw.baseline?.['max-p95-ratio'] ?? DEFAULTS.maxP95Ratio,
      minSlowdownMs: raw.baseline?.['min-slowdown-ms'] ?? DEFAULTS.minSlowdownMs
    },
    maxBodyBytes: raw['max-body-bytes'] ?? DEFAULTS.maxBodyBytes,
    envNames
  }
}

/** The checks with each `variants:` expanded into one check per variant. */
function withVariants(
  raw: RawSmoke,
  written: readonly SmokeCheck[],
  problem: Problems
): SmokeCheck[] {
  const flags = compileFlags(raw.flags, problem)
  const listed = written.map((check, index) => ({
    check,
    variants: raw.checks?.[index]?.variants ?? []
  }))
  const declared = new Set(Object.keys(raw.flags ?? {}))
  checkVariantLists(listed, { declared, compiled: flags }, problem)
  // Unknown flags are left out: the problems above refuse the plan anyway.
  const checks = expandVariants(listed, flags)
  checkRunNames(checks, problem)
  return checks
}

function checkNames(checks: readonly SmokeCheck[], problem: Problems): void {
  const seen = new Map<string, number>()
  for (const check of checks) {
    const first = seen.get(check.name)
    if (first !== undefined) {
      problem(
        `smoke.checks[${check.index}].name`,
        `"${check.name}" is already the name of smoke.checks[${first}]; names must be unique (the baseline matches checks by name)`
      )
    } else seen.set(check.name, check.index)
    if (check.body !== undefined && ['GET', 'HEAD'].includes(check.method)) {
      problem(
        `smoke.checks[${check.index}].body`,
        `a ${check.method} request has no body; use POST, PUT or PATCH`
      )
    }
  }
}

/** Checks every reference; returns the environment variables used. */
function checkReferences(
  checks: readonly SmokeCheck[],
  problem: Problems
): string[] {
  const envNames = new Set<string>()
  const capturedInFlow = new Map<string, Set<string>>()
  for (const check of checks) {
    const key = `smoke.checks[${check.index}]`
    const available = check.flow
      ? (capturedInFlow.get(check.flow) ?? new Set<string>())
      : new Set<string>()
    for (const text of templatedTexts(check)) {
      const { references, invalid } = referencesIn(text)
      for (const expression of invalid) {
        problem(
          key,
          `${expression} is not a reference Rehearse knows: use \${{ env.NAME }} (an environment variable of the step, e.g. a secret) or \${{ captured.NAME }}`
        )
      }
      for (const reference of references) {
        if (reference.scope === 'env') envNames.add(reference.name)
        else if (!available.has(reference.name)) {
          problem(
            key,
            `\${{ captured.${reference.name} }} is not captured by an earlier check${check.flow ? ` of flow "${check.flow}"` : ''}; captured values are shared only between checks of the same flow, in order`
          )
        }
      }
    }
    if (check.flow) {
      for (const capture of check.capture) available.add(capture.name)
      capturedInFlow.set(check.flow, available)
    }
  }
  return [...envNames]
}

// Body-matches is a regular expression: `${{` there is taken literally.
function templatedTexts(check: SmokeCheck): string[] {
  return [
    check.path,
    ...Object.values(check.headers),
    ...stringsIn(check.body),
    ...check.expect.bodyContains,
    ...stringsIn(check.expect.json.map(entry => entry.expected)),
    ...check.expect.headers.flatMap(header =>
      typeof header.expected === 'string' ? [header.expected] : []
    )
  ]
}
