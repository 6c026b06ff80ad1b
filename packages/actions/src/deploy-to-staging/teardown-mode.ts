import * as core from '@actions/core'
import { isConfigurationError } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'
import {
  escapeMarkdownCell,
  forPullRequest,
  idleInstances,
  loadPlan,
  teardownEnvironment
} from '@rehearse/engine'
import type { PipelineDeps, Plan, TeardownOutcome } from '@rehearse/engine'
import { createActionContext } from '../action-deps.js'
import { writeRefusalSummary } from '../summary.js'
import { pullRequestNumber } from './event-pull-request.js'

/** The inputs the teardown modes read. */
interface TeardownInputs {
  readonly config: string
  /** The per-PR environment (`preview`), or one instance (`preview/pr-42`). */
  readonly environment: string
  readonly token: string
  readonly 'lock-wait-minutes': number
  readonly 'pr-number': string
}

/**
 * `mode: teardown`, for a `pull_request: closed` workflow: tears down the
 * pull request's instance of the per-PR environment (the `pr-number`
 * input, else the event's pull request).
 */
export async function runTeardownMode(
  inputs: TeardownInputs
): Promise<string | void> {
  const { workspace, deps } = createActionContext(inputs.token)
  const pr = pullRequestNumber(inputs['pr-number'])
  const outcome = await refusalsSummarized('teardown', () => {
    const loaded = load(workspace, inputs)
    const { plan, environment } = forPullRequest(loaded, inputs.environment, pr)
    return teardownEnvironment(
      {
        plan,
        environment,
        workspace,
        lockWaitMs: inputs['lock-wait-minutes'] * 60_000,
        why: pr === undefined ? 'requested' : `#${pr} closed`
      },
      deps
    )
  })
  core.setOutput('reason', outcome.reason ?? '')
  core.info(outcome.description)
  await writeSummary(
    `Teardown · ${outcome.environment}`,
    ['Environment', 'Result'],
    [row(outcome)]
  )
  if (outcome.status === 'failure')
    return `teardown of ${outcome.environment} failed: ${outcome.description}`
}

/**
 * `mode: teardown-idle`, for a `schedule:` workflow: tears down every
 * instance of the per-PR environment not deployed for longer than its
 * `max-idle-days`. One that cannot be torn down now (its lock is held, a
 * step failed) does not stop the others; the step fails at the end.
 */
export async function runTeardownIdleMode(
  inputs: TeardownInputs
): Promise<string | void> {
  const { workspace, deps } = createActionContext(inputs.token)
  const base = inputs.environment
  const { plan, idle } = await refusalsSummarized('teardown-idle', async () => {
    const loaded = load(workspace, inputs)
    return {
      plan: loaded,
      idle: await idleInstances(loaded, base, deps, deps.clock.now())
    }
  })
  const days = plan.environments[base]?.maxIdleDays
  if (days === undefined)
    core.warning(
      `${base} sets no max-idle-days in ${plan.file}: no instance of it is ever idle`
    )
  const rows: string[] = []
  let reason: ReasonCode | undefined
  for (const instance of idle) {
    const outcome = await tearDownIdle(plan, instance.name, workspace, deps, {
      lockWaitMs: inputs['lock-wait-minutes'] * 60_000,
      why: `idle since ${instance.lastDeployedAt ?? 'unknown'}`
    })
    core.info(`${instance.name}: ${outcome.description}`)
    reason ??= outcome.reason
    rows.push(row(outcome, instance.lastDeployedAt))
  }
  core.setOutput('reason', reason ?? '')
  const none = `No instance of ${base} was idle longer than ${days ?? '(unset)'} day(s).`
  await writeSummary(
    `Teardown of idle ${base} environments`,
    ['Environment', 'Last deployed', 'Result'],
    rows,
    idle.length === 0 ? none : undefined
  )
  if (reason)
    return `teardown-idle: ${rows.length} idle instance(s) of ${base}, not all torn down (${reason}); see the summary`
}

async function tearDownIdle(
  plan: Plan,
  environment: string,
  workspace: string,
  deps: PipelineDeps,
  options: { lockWaitMs: number; why: string }
): Promise<TeardownOutcome> {
  try {
    return await teardownEnvironment(
      { plan, environment, workspace, ...options },
      deps
    )
  } catch (error) {
    if (!isConfigurationError(error)) throw error
    core.warning(`${environment}: ${error.message}`)
    return {
      status: 'failure',
      environment,
      description: error.message,
      run: undefined,
      retired: undefined,
      reason: error.reason ?? 'teardown_failed'
    }
  }
}

function load(workspace: string, inputs: TeardownInputs): Plan {
  return loadPlan({
    workspace,
    file: inputs.config,
    environment: inputs.environment
  })
}

// A refusal (not per-PR, locked, no pull request) in the summary too.
async function refusalsSummarized<T>(
  mode: string,
  body: () => Promise<T> | T
): Promise<T> {
  try {
    return await body()
  } catch (error) {
    if (isConfigurationError(error))
      await writeRefusalSummary(`${mode} refused`, error.message).catch(
        () => undefined
      )
    throw error
  }
}

const ICONS = { success: '✅', failure: '❌', skipped: '➖' } as const

function row(outcome: TeardownOutcome, lastDeployedAt?: string): string {
  const note = outcome.retired?.note ? ` ${outcome.retired.note}` : ''
  const cells = [
    outcome.environment,
    ...(lastDeployedAt === undefined ? [] : [lastDeployedAt]),
    `${ICONS[outcome.status]} ${outcome.description}${note}`
  ]
  return `| ${cells.map(escapeMarkdownCell).join(' | ')} |`
}

async function writeSummary(
  title: string,
  headers: readonly string[],
  rows: readonly string[],
  empty?: string
): Promise<void> {
  const head = `| ${headers.join(' | ')} |\n|${' --- |'.repeat(headers.length)}`
  const body = empty ?? [head, ...rows].join('\n')
  await core.summary.addRaw(`### ${title}\n\n${body}\n`, true).write()
}
