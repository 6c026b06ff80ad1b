import { join } from 'node:path'
import { runAction } from '@rehearse/bench'
import type { RunActionOptions, RunActionResult } from '@rehearse/bench'
import { root } from '../actions/pipeline-fixture.js'
import type { FlowWorld, Shared } from './world.js'

/** How a step is stopped: the runner's cancellation, or a killed runner. */
export type Stop = 'SIGINT' | 'SIGTERM' | 'SIGKILL'

/** A planned stop: which signal, how long after main started. */
export interface PlannedStop {
  readonly signal: Stop
  readonly afterMs: number
}

/** One run of one action, as the flow saw it. */
export interface StepRun {
  /** `deploy-to-staging#2`: action and run attempt. */
  readonly name: string
  readonly action: string
  readonly attempt: number
  readonly result: RunActionResult
  /** The stop that was planned for it, if any. */
  readonly stop: PlannedStop | undefined
  /** Whether post ran (a killed runner runs none). */
  readonly posted: boolean
  /** Deployment statuses on GitHub before it started: which ones it wrote. */
  readonly statusesBefore?: number
}

export interface StepOptions {
  readonly action: string
  readonly inputs: Record<string, string>
  readonly runId: number
  readonly attempt: number
  readonly sha: string
  readonly workspace: string
  readonly event?: RunActionOptions['event']
  readonly env?: Record<string, string>
  readonly stop?: PlannedStop
  /** Run main only (pr-command, whose post runs at the job's end). */
  readonly mainOnly?: boolean
}

// Generous: a step that waits out rate limits and retries takes seconds,
// a hung one is stopped like a timed-out step (and the flow then fails).
const STEP_TIMEOUT_MS = 180_000

/**
 * Runs an action the way the runner does. SIGINT/SIGTERM: the runner's
 * own escalation (SIGINT, then SIGTERM 7.5 s later — at once for
 * SIGTERM —, SIGKILL 2.5 s after that), post runs after it. SIGKILL: a
 * runner that died — the process group killed at once and no post.
 */
export function runStep(
  world: FlowWorld,
  shared: Shared,
  options: StepOptions
): Promise<RunActionResult> {
  const { stop } = options
  const killed = stop?.signal === 'SIGKILL'
  const actionDir =
    killed || options.mainOnly
      ? (shared.mainOnly[options.action] as string)
      : join(root, 'actions', options.action)
  return runAction({
    actionDir,
    inputs: options.inputs,
    timeoutMs: STEP_TIMEOUT_MS,
    ...(options.event ? { event: options.event } : {}),
    github: {
      apiUrl: world.gh.url,
      workspace: options.workspace,
      sha: options.sha,
      ref: 'refs/heads/main',
      actor: 'alice',
      runId: options.runId,
      runAttempt: options.attempt,
      token: `ghs_faults${options.runId}`
    },
    env: { ...options.env },
    ...(stop ? { cancel: { afterMs: stop.afterMs } } : {}),
    ...(stop?.signal === 'SIGTERM' ? { killGraceMs: { sigintMs: 1 } } : {}),
    ...(killed ? { killGraceMs: { sigintMs: 0, sigtermMs: 0 } } : {})
  })
}

/** pr-command's post as its own process, with the state its main saved. */
export function runCommandPost(
  world: FlowWorld,
  shared: Shared,
  main: RunActionResult,
  options: Omit<StepOptions, 'action' | 'inputs' | 'stop'> & {
    readonly inputs?: Record<string, string>
  }
): Promise<RunActionResult> {
  return runPost(world, shared, 'pr-command', main, options)
}

/**
 * An action's post as its own process, with the state its main saved: for
 * pr-command (its post runs at the job's end) and for a main run without
 * post because a kill was planned that came only after main had ended.
 */
export function runPost(
  world: FlowWorld,
  shared: Shared,
  action: string,
  main: RunActionResult,
  options: Omit<StepOptions, 'action' | 'inputs' | 'stop'> & {
    readonly inputs?: Record<string, string>
  }
): Promise<RunActionResult> {
  const state = Object.fromEntries(
    Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v])
  )
  return runStep(world, shared, {
    ...options,
    action,
    inputs: options.inputs ?? (action === 'pr-command' ? COMMAND_INPUTS : {}),
    mainOnly: true,
    env: { ...options.env, ...state }
  })
}

export const COMMAND_INPUTS = {
  environment: 'staging',
  environments: 'staging'
}
