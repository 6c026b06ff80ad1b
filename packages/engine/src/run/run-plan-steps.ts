import type { PlanStep } from '../plan-types.js'
import type { Clock, ProcessResult, ProcessRunner, Reporter } from '../ports.js'
import { formatDuration, formatLimit } from './format-duration.js'
import { createLineBuffer } from './line-buffer.js'
import { reservedNames, stepVariables } from './step-variables.js'
import type { RunContext, RunResult, StepOutcome, StepStatus } from './types.js'

/** What {@link runPlanSteps} needs from the outside world. */
export interface RunPlanStepsDeps {
  readonly runner: ProcessRunner
  readonly reporter: Reporter
  /** Used for every duration; defaults to the system clock. */
  readonly clock?: Clock
  /** Aborting it stops the running step and cancels the run. */
  readonly signal?: AbortSignal
  /** The process environment steps inherit (PATH, HOME…), lowest precedence. */
  readonly baseEnv: Readonly<Record<string, string>>
  /** The plan's artifact reference, `${{ sha }}` not yet substituted. */
  readonly artifact: string | undefined
}

interface Attempt {
  readonly result: ProcessResult
  /** Why the step's process could not even start. */
  readonly startError?: string
}

const NOT_STARTED: ProcessResult = {
  exitCode: null,
  signal: null,
  timedOut: false,
  cancelled: false
}

/**
 * Runs the steps in order, each in its own log group with its output
 * streamed line by line as it comes. The first step that fails or times out
 * ends the run (the rest are `skipped`); aborting `signal` stops the running
 * step's whole process tree, marks it `cancelled` and the run `cancelled`.
 */
export async function runPlanSteps(
  steps: readonly PlanStep[],
  context: RunContext,
  deps: RunPlanStepsDeps
): Promise<RunResult> {
  const { clock } = deps
  const now = clock ? () => clock.now().getTime() : Date.now
  const started = now()
  warnAboutReservedNames(steps, context, deps.reporter)
  const outcomes: StepOutcome[] = []
  let halt: 'failure' | 'cancelled' | undefined
  for (const step of steps) {
    if (!halt && deps.signal?.aborted) halt = 'cancelled'
    if (halt) {
      outcomes.push({
        name: step.name,
        status: 'skipped',
        exitCode: null,
        durationMs: 0
      })
      deps.reporter.info(
        `Step "${step.name}" skipped: ${halt === 'cancelled' ? 'the run was cancelled' : 'an earlier step failed'}`
      )
      continue
    }
    const outcome = await runStep(step, context, deps, now)
    outcomes.push(outcome)
    if (outcome.status === 'cancelled') halt = 'cancelled'
    else if (outcome.status !== 'success') halt = 'failure'
  }
  return {
    status: halt ?? 'success',
    steps: outcomes,
    durationMs: now() - started
  }
}

async function runStep(
  step: PlanStep,
  context: RunContext,
  deps: RunPlanStepsDeps,
  now: () => number
): Promise<StepOutcome> {
  const env = {
    ...deps.baseEnv,
    ...stepVariables(context, deps.artifact, step.env)
  }
  const started = now()
  const attempt = await deps.reporter.group(step.name, async () => {
    const lines = createLineBuffer(line => deps.reporter.info(line))
    try {
      const result = await deps.runner.run(step.run, {
        cwd: context.workspace,
        env,
        timeoutMs: Math.round(step.timeoutMinutes * 60_000),
        signal: deps.signal,
        onOutput: lines.push
      })
      return { result }
    } catch (error) {
      return { result: NOT_STARTED, startError: messageOf(error) }
    } finally {
      lines.flush()
    }
  })
  const outcome: StepOutcome = {
    name: step.name,
    status: statusOf(attempt),
    exitCode: attempt.result.exitCode,
    durationMs: now() - started
  }
  report(outcome, step, attempt, deps.reporter)
  return outcome
}

function statusOf({ result, startError }: Attempt): StepStatus {
  if (result.cancelled) return 'cancelled'
  if (result.timedOut) return 'timed_out'
  return startError === undefined && result.exitCode === 0
    ? 'success'
    : 'failure'
}

// One line per step after its group, so it stays visible when groups fold.
function report(
  outcome: StepOutcome,
  step: PlanStep,
  { result, startError }: Attempt,
  reporter: Reporter
): void {
  const name = `Step "${step.name}"`
  const took = formatDuration(outcome.durationMs)
  if (outcome.status === 'success')
    reporter.info(`${name} succeeded in ${took}`)
  else if (outcome.status === 'cancelled')
    reporter.warning(`${name} was cancelled after ${took}`)
  else if (outcome.status === 'timed_out')
    reporter.error(
      `${name} timed out after ${formatLimit(step.timeoutMinutes)}`
    )
  else if (startError !== undefined)
    reporter.error(`${name} could not start: ${startError}`)
  else if (result.exitCode === null)
    reporter.error(
      `${name} was killed by ${result.signal ?? 'a signal'} after ${took}`
    )
  else
    reporter.error(
      `${name} failed with exit code ${result.exitCode} after ${took}`
    )
}

function warnAboutReservedNames(
  steps: readonly PlanStep[],
  context: RunContext,
  reporter: Reporter
): void {
  const sources = [
    {
      where: `environment "${context.environment.name}"`,
      env: context.environment.env
    },
    ...steps.map(step => ({ where: `step "${step.name}"`, env: step.env }))
  ]
  for (const { where, env } of sources) {
    for (const name of reservedNames(env)) {
      reporter.warning(
        `${name} of ${where} is ignored: Rehearse sets it for every step`
      )
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
