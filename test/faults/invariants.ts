import type { Emulator, StepResult } from '@rehearse/bench'
import { heldLockRefs } from '../support/index.js'
import type { StepRun } from './steps.js'
import type { FlowWorld } from './world.js'

const FINAL = new Set(['success', 'failure', 'error', 'inactive'])

function latestDeploymentState(gh: Emulator, id: number): string {
  return (
    gh.state.deploymentStatuses.filter(s => s.deploymentId === id).at(-1)
      ?.state ?? 'none'
  )
}

function deploymentState(
  gh: Emulator,
  environment: string,
  sha: string
): string | undefined {
  const found = gh.state.deployments.find(
    d => d.environment === environment && d.sha === sha
  )
  return found ? latestDeploymentState(gh, found.id) : undefined
}

// Whether the deployment's latest status was written after `before`
// statuses existed: by the step that started then.
function writtenSince(
  gh: Emulator,
  environment: string,
  sha: string,
  before: number
): boolean {
  const found = gh.state.deployments.find(
    d => d.environment === environment && d.sha === sha
  )
  const statuses = gh.state.deploymentStatuses
  const last = statuses.findLastIndex(s => s.deploymentId === found?.id)
  return last >= before
}

// A stack frame, or the wording of a failure nobody explained.
const STACK = /^\s+at \S.*(\(|:\d+:\d+)/m

function lineViolations(run: StepRun, step: StepResult | undefined): string[] {
  if (!step) return []
  const found: string[] = []
  for (const a of step.annotations) {
    if (a.level !== 'error') continue
    const what = `${run.name} ${step.stage}: error annotation`
    if (a.message.includes('\n'))
      found.push(`${what} spans lines: ${JSON.stringify(a.message)}`)
    if (/unexpected error/i.test(a.message))
      found.push(`${what} says unexpected error: ${a.message}`)
  }
  const frame = STACK.exec(step.log)
  if (frame)
    found.push(
      `${run.name} ${step.stage}: stack trace in the log: ${frame[0].trim()}`
    )
  return found
}

/** What must hold for one action run, checked right after it. */
export function stepViolations(world: FlowWorld, run: StepRun): string[] {
  const { result, stop } = run
  const found = [
    ...lineViolations(run, result.main),
    ...lineViolations(run, result.post)
  ]
  const signalled = result.main.signalsSent.length > 0
  if (stop && stop.signal !== 'SIGKILL' && result.main.endedBy === 'SIGKILL')
    found.push(
      `${run.name}: still running ${RUNNER_GRACE} after ${stop.signal}, killed by the runner (GitHub work not stopped promptly)`
    )
  if (result.post?.endedBy)
    found.push(`${run.name}: post stopped by ${result.post.endedBy}`)
  if (result.main.timedOut) found.push(`${run.name}: main timed out`)
  const failed = result.main.exitCode !== 0 && !signalled
  if (failed && !(result.outputs.reason ?? '').trim())
    found.push(`${run.name}: failed without a reason code`)
  if (failed && !result.annotations.some(a => a.level === 'error'))
    found.push(`${run.name}: failed without an error annotation`)
  // The job's result is what its records say.
  const environment =
    run.action === 'deploy-to-staging'
      ? result.outputs.environment || 'staging'
      : run.action === 'promote-to-prod'
        ? 'production'
        : undefined
  const sha = result.outputs.sha
  if (environment && !signalled && result.main.exitCode !== null) {
    const shaOf =
      sha ||
      world.gh.state.deployments.find(d => d.environment === environment)?.sha
    const state = shaOf
      ? deploymentState(world.gh, environment, shaOf)
      : undefined
    const reason = result.outputs.reason ?? ''
    if (result.main.exitCode === 0 && reason === '' && state !== 'success')
      found.push(
        `${run.name}: green job but the ${environment} deployment is ${state ?? 'missing'}`
      )
    // A red job must not have made its records green (an earlier
    // attempt's success stays the earlier attempt's).
    if (
      result.main.exitCode !== 0 &&
      state === 'success' &&
      shaOf &&
      writtenSince(world.gh, environment, shaOf, run.statusesBefore ?? 0)
    )
      found.push(
        `${run.name}: red job (${reason}) but the ${environment} deployment is success`
      )
  }
  return found
}

const RUNNER_GRACE = '10 s'

/** The marker line of a bot reply: `<!-- rehearse:pr-command staging -->`. */
function markerOf(body: string): string | undefined {
  const first = body.split('\n')[0] ?? ''
  return /^<!-- rehearse:\S+ .* -->$/.test(first) ? first : undefined
}

/** What must hold on GitHub once the flow (posts and re-runs) is over. */
export function finalViolations(
  world: FlowWorld,
  runs: readonly StepRun[],
  kind: 'push' | 'comment'
): string[] {
  const { gh } = world
  const found: string[] = []
  const seen = new Map<string, number>()
  for (const d of gh.state.deployments) {
    const key = `${d.environment}@${d.sha.slice(0, 7)}`
    seen.set(key, (seen.get(key) ?? 0) + 1)
    const state = latestDeploymentState(gh, d.id)
    if (!FINAL.has(state))
      found.push(`deployment ${d.id} (${key}) left ${state}`)
    if (d.environment === 'production') {
      const staging = deploymentState(gh, 'staging', d.sha)
      if (staging !== 'success')
        found.push(
          `production deployment ${d.id} of ${d.sha.slice(0, 7)} with staging ${staging ?? 'never deployed'}`
        )
    }
  }
  for (const [key, count] of seen)
    if (count > 1) found.push(`${count} deployments of ${key}`)
  const latest = new Map<string, string>()
  for (const s of gh.state.commitStatuses)
    if (s.context.startsWith('rehearse/'))
      latest.set(`${s.sha.slice(0, 7)} ${s.context}`, s.state)
  for (const [key, state] of latest)
    if (state === 'pending') found.push(`status ${key} left pending`)
  for (const ref of heldLockRefs(gh)) found.push(`lock left held: ${ref}`)
  const replies = new Map<string, number>()
  for (const c of gh.state.comments) {
    if (c.user !== 'github-actions[bot]') continue
    const mark = markerOf(c.body)
    if (!mark) continue
    const key = `#${c.issueNumber} ${mark}`
    replies.set(key, (replies.get(key) ?? 0) + 1)
  }
  for (const [key, count] of replies)
    if (count > 1) found.push(`${count} result comments ${key}`)
  if (kind === 'comment') {
    // Every command answered, once its job got to reply.
    // A refusal for permission is answered with 👎 only: people without
    // access must not make the bot write text (pr-command's rule).
    const lastPost = runs.filter(r => r.action === 'pr-command-post').at(-1)
    const lastCommand = runs.filter(r => r.action === 'pr-command').at(-1)
    const commands = new Set(
      gh.state.comments.filter(c => c.user === 'alice').map(c => c.id)
    )
    const thumbsDown = gh.state.reactions.some(
      r =>
        r.subject.kind === 'comment' &&
        commands.has(r.subject.id) &&
        r.content === '-1'
    )
    const answered =
      [...replies.keys()].some(k => k.startsWith('#42 ')) ||
      (/^permission_/.test(lastCommand?.result.outputs.reason ?? '') &&
        thumbsDown)
    if (lastPost && lastPost.result.main.exitCode === 0 && !answered)
      found.push('the .deploy comment got no answer')
  }
  for (const v of gh.violations)
    found.push(
      `request against the API description: ${v.method} ${v.path}: ${v.message.split('\n')[0]}`
    )
  return found
}
