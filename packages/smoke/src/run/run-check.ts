import type { CheckResult, SmokeCheck, WaitForHealthy } from '../types.js'
import type { HttpResponse } from '../http/http-client.js'
import { attempt } from './attempt.js'
import { backoffDelay, sleep } from './backoff.js'
import type { Backoff } from './backoff.js'
import type { CheckContext } from './check-context.js'
import { percentile } from './percentile.js'

interface Attempted {
  readonly passed: boolean
  readonly attempts: number
  readonly problems: string[]
  readonly response?: HttpResponse
}

/** When to stop trying a check, and how long to wait in between. */
interface Schedule {
  readonly started: number
  /** Infinity without wait-for-healthy, or with a deadline of 0. */
  readonly deadline: number
  readonly backoff: Backoff
  readonly wait: WaitForHealthy | undefined
}

function scheduleFor(
  ctx: CheckContext,
  wait: WaitForHealthy | undefined
): Schedule {
  const started = performance.now()
  return {
    started,
    // A deadline of 0 means one attempt, without a clock running.
    deadline:
      wait && wait.deadlineMs > 0 ? started + wait.deadlineMs : Infinity,
    backoff: wait
      ? { initialMs: wait.initialBackoffMs, maxMs: wait.maxBackoffMs }
      : ctx.backoff,
    wait
  }
}

// The attempt's signal: cancellation, and the deadline when there is one.
function attemptSignal(
  ctx: CheckContext,
  schedule: Schedule
): AbortSignal | undefined {
  if (schedule.deadline === Infinity) return ctx.signal
  const remaining = Math.max(
    1,
    Math.ceil(schedule.deadline - performance.now())
  )
  const timeout = AbortSignal.timeout(remaining)
  return ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout
}

/** Logs the failed attempt and waits; false when cancelled meanwhile. */
async function pause(
  check: SmokeCheck,
  ctx: CheckContext,
  schedule: Schedule,
  last: Attempted
): Promise<boolean> {
  const delay = Math.min(
    backoffDelay(schedule.backoff, last.attempts, ctx.random),
    schedule.deadline - performance.now()
  )
  // With a deadline, how far along the wait is: a down URL otherwise
  // looks stuck for minutes.
  const progress =
    schedule.deadline === Infinity || !schedule.wait
      ? ''
      : `, ${((performance.now() - schedule.started) / 1000).toFixed(1)} s of the ${schedule.wait.deadlineMs / 1000} s wait-for-healthy deadline`
  ctx.reporter.info(
    ctx.redactor.redact(
      `  ${check.name}: attempt ${last.attempts} failed (${last.problems[0] ?? '?'})${progress}; retrying in ${(delay / 1000).toFixed(1)} s`
    )
  )
  try {
    await sleep(Math.max(0, delay), ctx.signal)
    return true
  } catch {
    return false
  }
}

/**
 * Attempts until the check passes: with `wait`, until the deadline; without,
 * `retries` more times. Waits with backoff and jitter in between.
 */
async function attemptUntilPassed(
  check: SmokeCheck,
  ctx: CheckContext,
  captured: Map<string, unknown>,
  wait: WaitForHealthy | undefined
): Promise<Attempted> {
  const schedule = scheduleFor(ctx, wait)
  let last: Attempted = { passed: false, attempts: 0, problems: [] }
  for (let attempts = 1; ; attempts += 1) {
    const result = await attempt(
      check,
      ctx,
      captured,
      attemptSignal(ctx, schedule),
      {
        latency: check.samples === 1,
        capture: true
      }
    )
    const deadlineHit = performance.now() >= schedule.deadline
    // A request cut by the deadline says less than the one before it.
    const cut = deadlineHit && !result.response && last.problems.length > 0
    const problems = cut ? last.problems : result.problems
    last = {
      passed: problems.length === 0,
      attempts,
      problems,
      response: result.response
    }
    if (last.passed || ctx.signal?.aborted) return last
    if (result.permanent && !deadlineHit) return last
    const more = wait
      ? schedule.deadline < Infinity && !deadlineHit
      : attempts <= check.retries
    if (!more) return describeGiveUp(last, schedule)
    if (!(await pause(check, ctx, schedule, last))) return last
    if (performance.now() >= schedule.deadline)
      return describeGiveUp(last, schedule)
  }
}

function describeGiveUp(last: Attempted, schedule: Schedule): Attempted {
  const { wait } = schedule
  if (!wait || wait.deadlineMs === 0) return last
  const seconds = ((performance.now() - schedule.started) / 1000).toFixed(1)
  return {
    ...last,
    problems: [
      `not healthy after ${last.attempts} attempt(s) in ${seconds} s (wait-for-healthy deadline ${wait.deadlineMs / 1000} s): ${last.problems.join('; ')}`
    ]
  }
}

/** N more requests once the check passed, for p50/p95. */
async function sample(
  check: SmokeCheck,
  ctx: CheckContext,
  captured: Map<string, unknown>
): Promise<{ latencies: number[]; problems: string[] }> {
  const latencies: number[] = []
  for (let index = 1; index <= check.samples; index += 1) {
    const result = await attempt(check, ctx, captured, ctx.signal, {
      latency: false,
      capture: false
    })
    if (result.problems.length > 0) {
      return {
        latencies,
        problems: result.problems.map(
          problem => `sample ${index} of ${check.samples}: ${problem}`
        )
      }
    }
    if (result.response) latencies.push(result.response.latencyMs)
  }
  const p95 = percentile(latencies, 0.95) ?? 0
  const budget = check.expect.maxLatencyMs
  const problems =
    budget !== undefined && p95 > budget
      ? [
          `p95 latency ${p95.toFixed(1)} ms of ${check.samples} samples is over the ${budget} ms budget`
        ]
      : []
  return { latencies, problems }
}

/**
 * Runs one check: attempts (until healthy with `wait`), then samples for
 * latency. `captured` is the flow's values; this check's captures are added.
 */
export async function runCheck(
  check: SmokeCheck,
  ctx: CheckContext,
  captured: Map<string, unknown>,
  wait?: WaitForHealthy
): Promise<CheckResult> {
  const started = performance.now()
  const attempted = await attemptUntilPassed(check, ctx, captured, wait)
  let problems = attempted.problems
  let latencies = attempted.response ? [attempted.response.latencyMs] : []
  if (attempted.passed && check.samples > 1) {
    const sampled = await sample(check, ctx, captured)
    problems = sampled.problems
    latencies = sampled.latencies
  }
  const cancelled = ctx.signal?.aborted === true && problems.length > 0
  const status =
    problems.length === 0 ? 'passed' : cancelled ? 'skipped' : 'failed'
  return {
    name: check.name,
    variant: check.variant,
    method: check.method,
    path: check.path,
    flow: check.flow,
    status,
    flaky: status === 'passed' && attempted.attempts > 1,
    attempts: attempted.attempts,
    statusCode: attempted.response?.status,
    samplesMs: latencies,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    budgetMs: check.expect.maxLatencyMs,
    baseline: undefined,
    problems: (cancelled ? ['cancelled'] : problems).map(p =>
      ctx.redactor.redact(p)
    ),
    durationMs: performance.now() - started
  }
}

/** A check that did not run, and why. */
export function skippedCheck(check: SmokeCheck, why: string): CheckResult {
  return {
    name: check.name,
    variant: check.variant,
    method: check.method,
    path: check.path,
    flow: check.flow,
    status: 'skipped',
    flaky: false,
    attempts: 0,
    statusCode: undefined,
    samplesMs: [],
    p50Ms: undefined,
    p95Ms: undefined,
    budgetMs: check.expect.maxLatencyMs,
    baseline: undefined,
    problems: [why],
    durationMs: 0
  }
}
