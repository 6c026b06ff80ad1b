import { isConfigurationError } from '@rehearse/core'
import type { StageState } from '../ports.js'
import type { PipelineDeps, StageName, StageResult } from './types.js'

const STATES: Record<StageResult['status'], StageState> = {
  success: 'success',
  skipped: 'success',
  failure: 'failure',
  cancelled: 'error'
}

/** Posts `rehearse/<env>/<stage>`; a failure to post only warns. */
export async function postStage(
  deps: PipelineDeps,
  where: { sha: string; environment: string; stage: StageName },
  state: StageState,
  description: string
): Promise<void> {
  try {
    await deps.ledger.setStage(where.sha, {
      environment: where.environment,
      stage: where.stage,
      state,
      description: description.split('\n')[0] ?? '',
      targetUrl: deps.logUrl
    })
  } catch (error) {
    deps.reporter.warning(
      `could not post rehearse/${where.environment}/${where.stage} (${state}): ${(error as Error).message}`
    )
  }
}

/**
 * The one stage lifecycle: `pending` while the stage works, then its final
 * state — also when it throws (a user-fixable problem is a `failure` with
 * its message, anything else an `error`), so no status is left pending.
 */
export async function runStageLifecycle(
  deps: PipelineDeps,
  where: { sha: string; environment: string; stage: StageName },
  stage: {
    readonly records: boolean
    readonly activity: string
    readonly work: () => Promise<StageResult>
  }
): Promise<StageResult> {
  if (stage.records) await postStage(deps, where, 'pending', stage.activity)
  let result: StageResult | undefined
  let final: [StageState, string] = [
    'error',
    'Stopped by an error before it finished; see the log'
  ]
  try {
    result = await stage.work()
    final = [STATES[result.status], result.description]
    return result
  } catch (error) {
    if (!isConfigurationError(error)) throw error
    result = {
      status: 'failure',
      description: error.message,
      summary: '',
      reason: error.reason
    }
    final = ['failure', error.message]
    return result
  } finally {
    if (stage.records) await postStage(deps, where, ...final)
  }
}
