import { issueCommentCreated } from '@rehearse/bench'
import type { RunActionResult } from '@rehearse/bench'
import { checkoutAt } from '../concurrency/comment-job.js'
import { flowFaults } from './fault-policy.js'
import type { FlowFaults } from './fault-policy.js'
import { finalViolations, stepViolations } from './invariants.js'
import { seeded } from './prng.js'
import type { Random } from './prng.js'
import { COMMAND_INPUTS, runCommandPost, runPost, runStep } from './steps.js'
import type { PlannedStop, StepRun, Stop } from './steps.js'
import { startFlowWorld } from './world.js'
import type { FlowWorld, Shared } from './world.js'

export type FlowKind = 'push' | 'comment'

/** What a flow did and what went wrong, for the campaign's results. */
export interface FlowRecord {
  readonly seed: number
  readonly kind: FlowKind
  /** The planned stop: its step, signal and delay. */
  readonly stop: (PlannedStop & { readonly step: string }) | undefined
  /** Whether the planned stop hit a running step (it may come too late). */
  stopped: boolean
  readonly steps: {
    name: string
    exit: number | null
    reason: string
    endedBy?: string
  }[]
  readonly faults: Record<string, number>
  readonly violations: string[]
  durationMs: number
  /** Each step's log, kept with FAULT_VERBOSE=1 (for replays). */
  readonly logs: string[]
}

export interface FlowSettings {
  /** Chance that a GitHub request gets a fault. */
  readonly rate: number
  /** Chance that a flow is stopped (SIGINT/SIGTERM then post, or SIGKILL). */
  readonly stopShare: number
}

// A stopped or GitHub-failed run is run again, as a person would, up to
// this many attempts in all.
const ATTEMPTS = 3
// Failures a re-run may get past; any other is the run's answer.
const RETRYABLE = new Set([
  'cancelled',
  'github_unavailable',
  'github_rate_limited',
  'environment_locked',
  // "GitHub did not say what @alice may do … Try again."
  'permission_unavailable'
])

interface Flow {
  readonly world: FlowWorld
  readonly shared: Shared
  readonly random: Random
  readonly faults: FlowFaults
  readonly record: FlowRecord
  readonly runs: StepRun[]
  readonly runId: number
  attempt: number
}

let runIds = 800_000

/** Runs one seeded flow in a fresh world and checks its invariants. */
export async function runFlow(
  seed: number,
  shared: Shared,
  settings: FlowSettings
): Promise<FlowRecord> {
  const started = Date.now()
  const random = seeded(seed)
  const kind: FlowKind = random.chance(0.5) ? 'push' : 'comment'
  const steps =
    kind === 'push'
      ? ['deploy-to-staging', 'promote-to-prod']
      : ['pr-command', 'deploy-to-staging']
  const stop = random.chance(settings.stopShare)
    ? {
        step: random.pick(steps),
        signal: random.pick<Stop>(['SIGINT', 'SIGTERM', 'SIGKILL']),
        afterMs: random.int(100, 3000)
      }
    : undefined
  const record: FlowRecord = {
    seed,
    kind,
    stop,
    stopped: false,
    steps: [],
    faults: {},
    violations: [],
    durationMs: 0,
    logs: []
  }
  const world = await startFlowWorld(shared)
  const faults = flowFaults(random, settings.rate)
  world.gh.setFaultPolicy(faults.policy)
  const flow: Flow = {
    world,
    shared,
    random,
    faults,
    record,
    runs: [],
    runId: ++runIds,
    attempt: 0
  }
  try {
    if (kind === 'push') await pushFlow(flow)
    else await commentFlow(flow)
    faults.enabled = false
    record.violations.push(...finalViolations(world, flow.runs, kind))
  } catch (error) {
    record.violations.push(`flow crashed: ${(error as Error).stack ?? error}`)
  } finally {
    Object.assign(record.faults, faults.injected)
    record.durationMs = Date.now() - started
    await world.close()
  }
  return record
}

function plannedStop(flow: Flow, step: string): PlannedStop | undefined {
  const { stop } = flow.record
  return stop && stop.step === step && flow.attempt === 1 ? stop : undefined
}

function note(flow: Flow, run: StepRun): void {
  const { result } = run
  flow.runs.push(run)
  if (process.env.FAULT_VERBOSE)
    flow.record.logs.push(`=== ${run.name}\n${result.log}`)
  flow.record.steps.push({
    name: run.name,
    exit: result.main.exitCode,
    reason: result.outputs.reason ?? '',
    ...(result.main.endedBy ? { endedBy: result.main.endedBy } : {})
  })
  if (run.stop && result.main.signalsSent.length > 0) flow.record.stopped = true
  flow.record.violations.push(...stepViolations(flow.world, run))
}

// A post that could not give the lock back because GitHub's quota for the
// token was used up says so and asks for a re-run once it resets: the
// re-run (a later attempt) takes the lock over and releases it.
function lockLeftBehind(run: StepRun): boolean {
  return run.result.annotations.some(
    a =>
      (a.stage === 'post' || run.action === 'pr-command-post') &&
      a.level === 'warning' &&
      /rate limit[^\n]*lock|lock[^\n]*rate limit/i.test(a.message)
  )
}

// A stop that came after main ended (during post) leaves main's result.
function retryable(run: StepRun): boolean {
  const { main } = run.result
  if (lockLeftBehind(run)) return true
  if (main.exitCode === 0) return false
  if (main.signalsSent.length > 0) return true
  return RETRYABLE.has(run.result.outputs.reason ?? '')
}

async function step(
  flow: Flow,
  action: string,
  inputs: Record<string, string>,
  sha: string
): Promise<StepRun> {
  const stop = plannedStop(flow, action)
  flow.faults.cancellingUntil = stop ? Date.now() + stop.afterMs : 0
  flow.faults.enabled = true
  const common = {
    runId: flow.runId,
    attempt: flow.attempt,
    sha,
    workspace: flow.world.repo.dir
  }
  const statusesBefore = flow.world.gh.state.deploymentStatuses.length
  const result = await runStep(flow.world, flow.shared, {
    ...common,
    action,
    inputs,
    ...(stop ? { stop } : {})
  })
  const run: StepRun = {
    name: `${action}#${flow.attempt}`,
    action,
    attempt: flow.attempt,
    result,
    stop,
    posted: stop?.signal !== 'SIGKILL',
    statusesBefore
  }
  note(flow, run)
  await latePost(flow, action, result, stop, { ...common, inputs })
  flow.faults.enabled = false
  return run
}

/**
 * A kill planned for a step that ended before it: the runner was alive,
 * so the step's post runs as usual.
 */
async function latePost(
  flow: Flow,
  action: string,
  result: RunActionResult,
  stop: PlannedStop | undefined,
  options: Parameters<typeof runPost>[4]
): Promise<void> {
  if (stop?.signal !== 'SIGKILL' || result.main.signalsSent.length > 0) return
  const post = await runPost(flow.world, flow.shared, action, result, options)
  note(flow, {
    name: `${action}-post#${flow.attempt}`,
    action: `${action}-post`,
    attempt: flow.attempt,
    result: post,
    stop: undefined,
    posted: true
  })
}

/** deploy-to-staging, then promote-to-prod, each re-run after a stop or an outage. */
async function pushFlow(flow: Flow): Promise<void> {
  const { world } = flow
  const jobs = [
    ['deploy-to-staging', { 'database-url': world.db.staging.url }],
    ['promote-to-prod', { 'database-url': world.db.production.url }]
  ] as const
  flow.attempt = 1
  for (const [action, inputs] of jobs) {
    for (let tries = 1; ; tries += 1) {
      const run = await step(flow, action, { ...inputs }, world.mainSha)
      if (!retryable(run) || tries >= ATTEMPTS) break
      flow.attempt += 1
    }
  }
}

let commentIds = 70_000_000

/** The job of pr-redeploy.yml: pr-command, deploy-to-staging, pr-command's post. */
async function commentFlow(flow: Flow): Promise<void> {
  const { world, shared } = flow
  const createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const payload = issueCommentCreated({
    body: '.deploy',
    login: 'alice',
    prNumber: 42,
    commentId: ++commentIds
  })
  Object.assign(payload.comment, {
    created_at: createdAt,
    updated_at: createdAt
  })
  world.gh.seedComment({
    id: payload.comment.id,
    issueNumber: 42,
    body: '.deploy',
    user: 'alice',
    createdAt
  })
  const event = { name: 'issue_comment', payload }
  for (flow.attempt = 1; flow.attempt <= ATTEMPTS; flow.attempt += 1) {
    const stop = plannedStop(flow, 'pr-command')
    flow.faults.cancellingUntil = stop ? Date.now() + stop.afterMs : 0
    flow.faults.enabled = true
    const common = {
      runId: flow.runId,
      attempt: flow.attempt,
      sha: world.mainSha,
      workspace: world.repo.dir,
      event
    }
    const command = await runStep(world, shared, {
      ...common,
      action: 'pr-command',
      inputs: COMMAND_INPUTS,
      mainOnly: true,
      ...(stop ? { stop } : {})
    })
    flow.faults.enabled = false
    const commandRun: StepRun = {
      name: `pr-command#${flow.attempt}`,
      action: 'pr-command',
      attempt: flow.attempt,
      result: command,
      stop,
      posted: false
    }
    note(flow, commandRun)
    if (stop?.signal === 'SIGKILL' && command.main.signalsSent.length > 0)
      continue
    let deploy: StepRun | undefined
    const cancelled = command.main.signalsSent.length > 0
    if (!cancelled && command.outputs.continue === 'true') {
      const sha = command.outputs.sha ?? ''
      const checkout = await checkoutAt(world.repo, sha)
      try {
        const deployStop = plannedStop(flow, 'deploy-to-staging')
        const deployInputs = {
          environment: command.outputs.environment ?? '',
          sha,
          noop: command.outputs.noop ?? 'false',
          'pr-number': command.outputs['pr-number'] ?? '',
          'database-url': world.db.staging.url
        }
        flow.faults.cancellingUntil = deployStop
          ? Date.now() + deployStop.afterMs
          : 0
        flow.faults.enabled = true
        const statusesBefore = world.gh.state.deploymentStatuses.length
        const result = await runStep(world, shared, {
          ...common,
          sha,
          workspace: checkout.dir,
          action: 'deploy-to-staging',
          inputs: deployInputs,
          ...(deployStop ? { stop: deployStop } : {})
        })
        deploy = {
          name: `deploy-to-staging#${flow.attempt}`,
          action: 'deploy-to-staging',
          attempt: flow.attempt,
          result,
          stop: deployStop,
          posted: deployStop?.signal !== 'SIGKILL',
          statusesBefore
        }
        note(flow, deploy)
        await latePost(flow, 'deploy-to-staging', result, deployStop, {
          ...common,
          sha,
          workspace: checkout.dir,
          inputs: deployInputs
        })
        flow.faults.enabled = false
      } finally {
        await checkout.remove()
      }
      if (
        deploy.stop?.signal === 'SIGKILL' &&
        deploy.result.main.signalsSent.length > 0
      )
        continue
    }
    flow.faults.enabled = true
    const post = await runCommandPost(world, shared, command, common)
    flow.faults.enabled = false
    note(flow, {
      name: `pr-command-post#${flow.attempt}`,
      action: 'pr-command-post',
      attempt: flow.attempt,
      result: post,
      stop: undefined,
      posted: true
    })
    const again =
      (deploy ? retryable(deploy) : false) ||
      retryable(commandRun) ||
      lockLeftBehind({
        ...commandRun,
        action: 'pr-command-post',
        result: post
      }) ||
      (cancelled && !deploy)
    if (!again) break
  }
}
