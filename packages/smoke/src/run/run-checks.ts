import type { CheckResult, SmokeCheck, SmokeConfig } from '../types.js'
import { mapBounded } from './bounded.js'
import type { CheckContext } from './check-context.js'
import { runCheck, skippedCheck } from './run-check.js'

const ICON = { passed: '✅', failed: '❌', skipped: '⏭️' } as const

/** A unit of concurrent work: one independent check, or a flow in order. */
interface Unit {
  readonly checks: readonly SmokeCheck[]
  readonly captured: Map<string, unknown>
}

function logResult(ctx: CheckContext, result: CheckResult): void {
  const latency =
    result.p95Ms === undefined
      ? ''
      : result.samplesMs.length > 1
        ? ` p50 ${result.p50Ms?.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms`
        : ` in ${result.p95Ms.toFixed(1)} ms`
  const detail =
    result.status === 'passed'
      ? `${result.statusCode ?? ''}${latency}${result.flaky ? ` — flaky: passed on attempt ${result.attempts}` : ''}`
      : result.problems.join('; ')
  ctx.reporter.info(
    ctx.redactor.redact(`${ICON[result.status]} ${result.name}: ${detail}`)
  )
  if (result.flaky) {
    ctx.reporter.warning(
      `smoke check "${result.name}" passed only after ${result.attempts} attempts (flaky)`
    )
  }
}

async function runUnit(
  unit: Unit,
  ctx: CheckContext,
  record: (result: CheckResult) => void
): Promise<void> {
  let failed: CheckResult | undefined
  for (const check of unit.checks) {
    if (ctx.signal?.aborted) {
      record(skippedCheck(check, 'cancelled'))
    } else if (failed) {
      record(
        skippedCheck(
          check,
          `skipped: "${failed.name}" of flow "${check.flow}" did not pass`
        )
      )
    } else {
      const result = await runCheck(check, ctx, unit.captured)
      record(result)
      if (result.status !== 'passed') failed = result
    }
  }
}

// A flow with variants runs once per variant, each run with its own
// captured values: the variant's label tells the runs apart.
const flowRun = (check: SmokeCheck | undefined): string | undefined =>
  check?.flow === undefined
    ? undefined
    : `${check.flow}\u0000${check.variant?.label ?? ''}`

/** Independent checks alone, each flow (run) as one unit in written order. */
function unitsAfterFirst(
  checks: readonly SmokeCheck[],
  firstCaptured: Map<string, unknown>
): Unit[] {
  const [first, ...rest] = checks
  const flows = new Map<string, Unit>()
  const units: Unit[] = []
  for (const check of rest) {
    const run = flowRun(check)
    if (run === undefined) {
      units.push({ checks: [check], captured: new Map() })
      continue
    }
    let unit = flows.get(run)
    if (!unit) {
      const captured =
        run === flowRun(first) ? firstCaptured : new Map<string, unknown>()
      unit = { checks: [], captured }
      flows.set(run, unit)
      units.push(unit)
    }
    ;(unit.checks as SmokeCheck[]).push(check)
  }
  return units
}

/**
 * Runs the checks: the first one waits for the environment to become
 * healthy (backoff until the deadline); then the others run, at most
 * `concurrency` at a time, each flow in order (a flow with variants once
 * per variant, each run a unit of its own). If the environment never
 * became healthy, the others are skipped. Results follow the plan's order.
 */
export async function runChecks(
  config: SmokeConfig,
  ctx: CheckContext
): Promise<CheckResult[]> {
  // Names are unique, variant runs included (compile-config checks it).
  const results = new Map<string, CheckResult>()
  const record = (result: CheckResult): void => {
    results.set(result.name, result)
    logResult(ctx, result)
  }
  const [first] = config.checks
  if (!first) return []
  const firstCaptured = new Map<string, unknown>()
  const healthy = await runCheck(
    first,
    ctx,
    firstCaptured,
    config.waitForHealthy
  )
  record(healthy)
  const units = unitsAfterFirst(config.checks, firstCaptured)
  if (healthy.status !== 'passed') {
    const why = ctx.signal?.aborted
      ? 'cancelled'
      : `skipped: "${first.name}" did not pass, so the environment is not healthy`
    for (const check of config.checks.slice(1)) {
      record(skippedCheck(check, why))
    }
  } else {
    await mapBounded(units, config.concurrency, unit =>
      runUnit(unit, ctx, record)
    )
  }
  return config.checks.map(
    check => results.get(check.name) ?? skippedCheck(check, 'not run')
  )
}
