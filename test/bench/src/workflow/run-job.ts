import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startAction, type StartedAction } from '../runner/run-action.js'
import type { GitHubOptions, JobStatus } from '../runner/types.js'
import { checkoutStep } from './checkout-step.js'
import {
  evaluateCondition,
  interpolate,
  type ExpressionScope
} from './expression.js'
import type { WorkflowJob, WorkflowStep } from './load-workflow.js'
import { shellStepAction } from './shell-step.js'
import type { JobRun, StepRun, WorkflowRunOptions } from './types.js'

/** What a job starts from: the run's contexts and settings. */
export interface JobSetup {
  job: WorkflowJob
  options: WorkflowRunOptions
  /** github (with `job` set), inputs, secrets, vars, needs. */
  contexts: Record<string, unknown>
  /** The run's `github` context for the driver. */
  github: GitHubOptions
  /** The workflow's `env:`, evaluated. */
  env: Record<string, string>
  resolveAction: (uses: string) => string | undefined
}

interface JobState {
  status: JobStatus
  /** Workflow and job `env:`, then what steps exported (GITHUB_ENV). */
  env: Record<string, string>
  path: string[]
  steps: Record<string, Record<string, unknown>>
  /** Steps whose post (and clean-up) is due at the end of the job. */
  started: Array<{ run: StepRun; action: StartedAction }>
  runs: StepRun[]
  log: string[]
  scratch: string
}

const CHECKOUT = /^actions\/checkout@/
const DEFAULT_STEP_TIMEOUT_MS = 5 * 60_000

/**
 * Runs a job's steps in order like the runner: each step's `if:` (default
 * success()) against the job's status so far, every main first, then the
 * posts of the steps that ran, in reverse order, given the job's status.
 */
export async function runJobSteps(setup: JobSetup): Promise<JobRun> {
  const state: JobState = {
    status: 'success',
    env: { ...setup.env },
    ...{ path: [], steps: {}, started: [], runs: [], log: [] },
    scratch: await mkdtemp(path.join(os.tmpdir(), 'rehearse-workflow-'))
  }
  try {
    Object.assign(state.env, evaluateAll(setup.job.env, scopeOf(setup, state)))
    for (const step of setup.job.steps) await runStep(setup, state, step)
  } catch (error) {
    // A step the bench could not start: the runner would fail the job.
    state.status = 'failure'
    throw error
  } finally {
    await runPosts(state)
    await rm(state.scratch, { recursive: true, force: true })
  }
  return {
    id: setup.job.id,
    result: state.status,
    steps: state.runs,
    outputs: evaluateAll(setup.job.outputs, scopeOf(setup, state)),
    log: state.log.join('\n')
  }
}

function scopeOf(setup: JobSetup, state: JobState): ExpressionScope {
  return {
    status: state.status,
    contexts: {
      ...setup.contexts,
      env: state.env,
      steps: state.steps,
      job: { status: state.status },
      runner: { os: 'Linux', arch: 'X64', environment: 'github-hosted' }
    }
  }
}

async function runStep(
  setup: JobSetup,
  state: JobState,
  step: WorkflowStep
): Promise<void> {
  const run: StepRun = {
    ...(step.id === undefined ? {} : { id: step.id }),
    name: stepName(step),
    kind:
      step.run !== undefined
        ? 'run'
        : CHECKOUT.test(step.uses ?? '')
          ? 'checkout'
          : 'action',
    outcome: 'skipped',
    conclusion: 'skipped',
    outputs: {}
  }
  state.runs.push(run)
  const scope = scopeOf(setup, state)
  if (!evaluateCondition(step.if, scope)) {
    state.log.push(`## ${run.name}: skipped`)
    return record(state, step, run)
  }
  const stepEnv = evaluateAll(step.env, scope)
  const withEnv: ExpressionScope = {
    ...scope,
    contexts: { ...scope.contexts, env: { ...state.env, ...stepEnv } }
  }
  if (run.kind === 'checkout') {
    const { options, github } = setup
    const checkout = await checkoutStep(
      options.workspace,
      evaluateAll(step.with, withEnv),
      github.sha ?? 'HEAD'
    )
    run.outcome = run.conclusion = 'success'
    state.log.push(
      `## ${run.name}: HEAD ${checkout.moved ? 'moved to' : 'already at'} ${checkout.commit}`
    )
    return record(state, step, run)
  }
  const action = await startAction(
    await driverOptions(setup, state, step, withEnv, stepEnv)
  )
  const { main } = action
  state.started.push({ run, action })
  run.outcome = main.outcome
  run.conclusion =
    main.outcome === 'failure' && step.continueOnError
      ? 'success'
      : main.outcome
  run.outputs = main.outputs
  if (run.conclusion === 'failure') state.status = 'failure'
  if (run.conclusion === 'cancelled') state.status = 'cancelled'
  Object.assign(state.env, main.env)
  state.path.push(...main.path)
  state.log.push(`## ${run.name}: ${main.outcome}`, main.log)
  record(state, step, run)
}

async function driverOptions(
  setup: JobSetup,
  state: JobState,
  step: WorkflowStep,
  scope: ExpressionScope,
  stepEnv: Record<string, string>
): Promise<Parameters<typeof startAction>[0]> {
  const { options } = setup
  const actionDir =
    step.run !== undefined
      ? await shellStepAction(
          path.join(state.scratch, `step-${step.index}`),
          interpolate(step.run, scope),
          step.shell
        )
      : resolveUses(setup, step.uses ?? '')
  const pathEnv: Record<string, string> = {}
  if (state.path.length > 0) {
    // The most recently added directory comes first, as on the runner.
    const added = [...state.path].reverse()
    pathEnv['PATH'] = [...added, process.env['PATH'] ?? ''].join(path.delimiter)
  }
  return {
    actionDir,
    inputs: step.run !== undefined ? {} : evaluateAll(step.with, scope),
    event: options.event,
    github: {
      ...setup.github,
      workspace: options.workspace,
      ...(step.id === undefined ? {} : { action: step.id })
    },
    env: { ...options.env, ...state.env, ...stepEnv, ...pathEnv },
    ...(options.node === undefined ? {} : { node: options.node }),
    cwd: path.resolve(options.workspace, step.workingDirectory ?? '.'),
    timeoutMs:
      step.timeoutMinutes !== undefined
        ? step.timeoutMinutes * 60_000
        : (options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS),
    secrets: Object.values(options.secrets ?? {})
  }
}

function resolveUses(setup: JobSetup, uses: string): string {
  const dir = setup.resolveAction(uses)
  if (dir === undefined)
    throw new Error(`uses: ${uses}: no local copy of this action on the bench`)
  return dir
}

// Posts of the steps that ran, last first, with the job's status then; a
// failed post fails the job, as on the runner.
async function runPosts(state: JobState): Promise<void> {
  for (const { run, action } of state.started.splice(0).reverse()) {
    const result = await action.finish(state.status)
    run.result = result
    if (result.post && result.post.outcome !== 'skipped') {
      state.log.push(
        `## Post ${run.name}: ${result.post.outcome}`,
        result.post.log
      )
      if (result.post.outcome === 'failure') state.status = 'failure'
    }
  }
}

function record(state: JobState, step: WorkflowStep, run: StepRun): void {
  if (step.id === undefined) return
  state.steps[step.id] = {
    outputs: run.outputs,
    outcome: run.outcome,
    conclusion: run.conclusion
  }
}

function stepName(step: WorkflowStep): string {
  if (step.name !== undefined) return step.name
  if (step.uses !== undefined) return step.uses
  return `Run ${(step.run ?? '').split('\n')[0]}`
}

function evaluateAll(
  map: Readonly<Record<string, string>>,
  scope: ExpressionScope
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key, interpolate(value, scope)])
  )
}
