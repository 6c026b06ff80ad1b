import type {
  CheckVariant,
  FlagChoice,
  SmokeCheck,
  SmokeFlag
} from '../types.js'
import type { Problems } from './compile-check.js'

/** Runs of one check at most: the product of its flags' variant counts. */
export const MAX_VARIANT_RUNS = 16

/** The flags the plan declares, and those of them that compiled. */
export interface Flags {
  readonly declared: ReadonlySet<string>
  readonly compiled: ReadonlyMap<string, SmokeFlag>
}

/** A compiled check and the flags its `variants:` lists, as written. */
export interface ListedCheck {
  readonly check: SmokeCheck
  readonly variants: readonly string[]
}

const listText = (names: readonly string[]): string =>
  names.length ? `[${names.join(', ')}]` : 'none'

/** Every combination of the flags' variants, the first flag slowest. */
function combinations(flags: readonly SmokeFlag[]): FlagChoice[][] {
  let result: FlagChoice[][] = [[]]
  for (const flag of flags) {
    result = result.flatMap(choices =>
      flag.variants.map(variant => [
        ...choices,
        {
          flag: flag.name,
          variant: variant.name,
          selector: flag.selector,
          key: flag.key,
          value: variant.value
        }
      ])
    )
  }
  return result
}

// The parameter names the path sets as written (before references resolve).
function queryNames(path: string): Set<string> {
  const query = path.split('#')[0]?.split('?').slice(1).join('?') ?? ''
  return new Set(query.split('&').map(pair => pair.split('=')[0] ?? ''))
}

function checkFlagsOf(
  { check, variants }: ListedCheck,
  flags: Flags,
  problem: Problems
): void {
  const key = `smoke.checks[${check.index}]`
  const known = [...flags.declared]
  variants.forEach((name, position) => {
    const flag = flags.compiled.get(name)
    // A declared flag that did not compile has a problem of its own.
    if (!flag && flags.declared.has(name)) return
    if (!flag) {
      problem(
        `${key}.variants[${position}]`,
        `"${name}" is not a flag of smoke.flags (${known.length ? `known: ${known.join(', ')}` : 'it declares none'}); declare it under "smoke: flags:" with its header, cookie or query parameter and its variants`
      )
      return
    }
    const header = Object.keys(check.headers).find(
      written => written.toLowerCase() === flag.key
    )
    if (flag.selector === 'header' && header !== undefined) {
      problem(
        `${key}.headers.${header}`,
        `is also the header of flag "${name}", which sends each variant's value; remove it here`
      )
    }
    if (flag.selector === 'query' && queryNames(check.path).has(flag.key)) {
      problem(
        `${key}.path`,
        `already sets the query parameter "${flag.key}" of flag "${name}", which sends each variant's value; remove it here`
      )
    }
  })
  const runs = variants.reduce(
    (product, name) =>
      product * (flags.compiled.get(name)?.variants.length ?? 1),
    1
  )
  if (runs > MAX_VARIANT_RUNS) {
    problem(
      `${key}.variants`,
      `${listText(variants)} make ${runs} runs of this check; at most ${MAX_VARIANT_RUNS} are allowed. List fewer flags, or split it into checks of a few flags each`
    )
  }
}

// A flow runs as a whole once per variant: its checks share captured
// values, so a login of one variant must not feed a checkout of another.
function checkFlows(listed: readonly ListedCheck[], problem: Problems): void {
  const firstOfFlow = new Map<string, ListedCheck>()
  for (const entry of listed) {
    const flow = entry.check.flow
    if (flow === undefined) continue
    const first = firstOfFlow.get(flow)
    if (!first) {
      firstOfFlow.set(flow, entry)
      continue
    }
    if (listText(first.variants) === listText(entry.variants)) continue
    problem(
      `smoke.checks[${entry.check.index}].variants`,
      `lists ${listText(entry.variants)}, but smoke.checks[${first.check.index}] ("${first.check.name}") of the same flow "${flow}" lists ${listText(first.variants)}; a flow runs as a whole once per variant, so every check of it must list the same variants`
    )
  }
}

/**
 * Checks every `variants:` list: known flags, no header or query parameter
 * the flag also sets, a bounded number of runs, none on the first check
 * (the health check), one list per flow.
 */
export function checkVariantLists(
  listed: readonly ListedCheck[],
  flags: Flags,
  problem: Problems
): void {
  for (const entry of listed) {
    if (entry.variants.length > 0) checkFlagsOf(entry, flags, problem)
  }
  // The first check is retried until the environment answers: a variant
  // that fails would pass for an unhealthy environment and skip the rest.
  if (listed[0]?.variants.length) {
    problem(
      'smoke.checks[0].variants',
      'the first check is the one wait-for-healthy retries until the environment answers, so it cannot have variants; put a check without variants first (e.g. GET /healthz)'
    )
  }
  checkFlows(listed, problem)
}

/**
 * Each check with `variants:` becomes one check per combination of its
 * flags' variants, named `<check> [<flag>=<variant>, …]`, in the plan's
 * order; the others stay as they are.
 */
export function expandVariants(
  listed: readonly ListedCheck[],
  flags: ReadonlyMap<string, SmokeFlag>
): SmokeCheck[] {
  return listed.flatMap(({ check, variants }) => {
    if (variants.length === 0) return [check]
    const used = variants.flatMap(name => flags.get(name) ?? [])
    return combinations(used).map(choices => {
      const label = choices.map(c => `${c.flag}=${c.variant}`).join(', ')
      const variant: CheckVariant = { check: check.name, label, choices }
      return { ...check, name: `${check.name} [${label}]`, variant }
    })
  })
}

/** A plain check may not take the name of another check's variant run. */
export function checkRunNames(
  checks: readonly SmokeCheck[],
  problem: Problems
): void {
  const runs = new Map(
    checks.flatMap(check => (check.variant ? [[check.name, check]] : []))
  )
  for (const check of checks) {
    const run = runs.get(check.name)
    if (check.variant || !run) continue
    problem(
      `smoke.checks[${check.index}].name`,
      `"${check.name}" is also the name of a variant run of smoke.checks[${run.index}]; rename it (the baseline matches checks by name)`
    )
  }
}
