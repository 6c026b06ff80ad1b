import * as core from '@actions/core'
import { isConfigurationError } from '@rehearse/core'
import { forPullRequest, loadPlan, runEnvironment } from '@rehearse/engine'
import type {
  ChosenStages,
  PipelineDeps,
  Plan,
  RunOutcome,
  RunRequest
} from '@rehearse/engine'
import { createActionContext } from './action-deps.js'
import type { ActionContext } from './action-deps.js'
import type { ActionName } from './contract.js'
import { cleanUpRun, rememberLock, rememberRun } from './run-state.js'
import { writeRefusalSummary } from './summary.js'

/** The inputs every pipeline action shares. */
export interface PipelineInputs {
  readonly config: string
  readonly environment: string
  readonly sha: string
  readonly token: string
  readonly 'lock-wait-minutes': number
  /** Why a change freeze in force is overridden (recorded). */
  readonly 'freeze-override'?: string
  readonly url?: string
  readonly script?: string
}

/** One action's choice: which stages, and what else the run needs. */
export interface PipelineChoice {
  /** Environments a plan made from `script:` must know (promote's `from`). */
  readonly requires?: readonly string[]
  readonly stages: (plan: Plan) => ChosenStages
  readonly request?: (
    context: ActionContext
  ) => Promise<
    Partial<Pick<RunRequest, 'noop' | 'from' | 'confirmTarget' | 'ref'>>
  >
  /** Checks only this action makes, before the run (e.g. not production). */
  readonly check?: (plan: Plan) => void
  /** The pull request whose instance of a per-PR environment runs. */
  readonly pr?: number
}

/**
 * What every action that runs an environment does: load the plan, then
 * the engine's one pipeline with this action's stages, under the
 * environment's lock, which is kept for the job's later steps and given
 * back by the post step. A refusal is written to the job summary too.
 */
export async function runPipelineAction(
  name: ActionName,
  inputs: PipelineInputs,
  choice: PipelineChoice
): Promise<{
  outcome: RunOutcome
  plan: Plan
  deps: PipelineDeps
  /** The environment that ran: for a per-PR one, the pull request's. */
  environment: string
  workspace: string
}> {
  const context = createActionContext(inputs.token)
  const { workspace, deps } = context
  try {
    const loaded = loadPlan({
      workspace,
      file: inputs.config,
      script: inputs.script || undefined,
      url: inputs.url || undefined,
      environment: inputs.environment,
      requires: choice.requires
    })
    // A per-PR environment runs as the pull request's own instance.
    const { plan, environment } = forPullRequest(
      loaded,
      inputs.environment,
      choice.pr
    )
    choice.check?.(plan)
    const sha = inputs.sha || process.env.GITHUB_SHA || ''
    rememberRun(environment, sha)
    const chosen = (await choice.request?.(context)) ?? {}
    const outcome = await runEnvironment(
      {
        plan,
        environment,
        workspace,
        sha,
        ref: process.env.GITHUB_REF_NAME || sha,
        stages: choice.stages(plan),
        lockWaitMs: inputs['lock-wait-minutes'] * 60_000,
        lockWaitHint: 'the lock-wait-minutes input',
        keepLock: true,
        onLockTaken: rememberLock,
        lockReason: `${name} in ${runDescription()}`,
        freezeOverride: inputs['freeze-override'] || undefined,
        ...chosen
      },
      deps
    )
    return { outcome, plan, deps, environment, workspace }
  } catch (error) {
    if (isConfigurationError(error))
      await writeRefusalSummary(`${name} refused`, error.message).catch(
        () => undefined
      )
    throw error
  }
}

function runDescription(): string {
  const { GITHUB_WORKFLOW, GITHUB_RUN_ID } = process.env
  return `${GITHUB_WORKFLOW ?? 'a workflow'} run ${GITHUB_RUN_ID ?? '?'}`
}

/** The post step of every pipeline action. */
export async function postPipelineAction(): Promise<void> {
  const { deps } = createActionContext(core.getInput('token'))
  await cleanUpRun(deps)
}

/** The step's failure line for an outcome; undefined when it passed. */
export function failureOf(
  outcome: RunOutcome,
  what: string
): string | undefined {
  switch (outcome.status) {
    case 'success':
    case 'noop':
      return undefined
    case 'refused':
      return `${what} refused (${outcome.reason ?? 'gate'}): ${outcome.message ?? ''}`
    case 'cancelled':
      return `${what} was cancelled`
    case 'failure': {
      const failed = outcome.stages.find(
        s => s.result.status !== 'success' && s.result.status !== 'skipped'
      )
      const back = outcome.rollback?.notable
        ? ` (${outcome.rollback.description})`
        : ''
      return `${what} failed in the ${failed?.stage ?? 'first'} stage: ${outcome.message ?? 'see the log above'}${back}`
    }
  }
}
