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

/** Independent checks alone, each flow as one unit in its written order. */
function unitsAfterFirst(
  checks: readonly SmokeCheck[],
  firstCaptured: Map<string, unknown>
): Unit[] {
  const [first, ...rest] = checks
  const flows = new Map<string, Unit>()
  const units: Unit[] = []
  for (const check of rest) {
    if (!check.flow) {
      units.push({ checks: [check], captured: new Map() })
      continue
    }
    let unit = flows.get(check.flow)
    if (!unit) {
      const captured =
        check.flow === first?.flow ? firstCaptured : new Map<string, unknown>()
      unit = { checks: [], captured }
      flows.set(check.flow, unit)
      units.push(unit)
    }
    ;(unit.checks as SmokeCheck[]).push(check)
  }
  return units
}

/**
 * Runs the checks: the first one waits for the environment to become
 * healthy (backoff until the deadline); then the others run, at most
 * `concurrency` at a time, each flow in order. If the environment never
 * became healthy, the others are skipped. Results follow the plan's order.
 */
export async function runChecks(
  config: SmokeConfig,
  ctx: CheckContext
): Promise<CheckResult[]> {
  const results = new Map<number, CheckResult>()
  const record = (index: number) => (result: CheckResult) => {
    results.set(index, result)
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
  record(first.index)(healthy)
  const units = unitsAfterFirst(config.checks, firstCaptured)
  if (healthy.status !== 'passed') {
    const why = ctx.signal?.aborted
      ? 'cancelled'
      : `skipped: "${first.name}" did not pass, so the environment is not healthy`
    for (const check of config.checks.slice(1)) {
      record(check.index)(skippedCheck(check, why))
    }
  } else {
    await mapBounded(units, config.concurrency, unit =>
      runUnit(unit, ctx, result => {
        const check = unit.checks.find(c => c.name === result.name)
        if (check) record(check.index)(result)
      })
    )
  }
  return config.checks.map(
    check => results.get(check.index) ?? skippedCheck(check, 'not run')
  )
}
