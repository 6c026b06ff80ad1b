import { describeGateLines } from '../report/render-gate.js'
import {
  describeNoop,
  firstStageOf,
  nothingToRun,
  refusedOutcome,
  stagesOf
} from './outcomes.js'
import { runPreflight } from './preflight.js'
import type { Preflight } from './preflight.js'
import { runStages } from './run-stages.js'
import type { StagesDone } from './run-stages.js'
import { postStage } from './stage-lifecycle.js'
import { releaseLock } from './take-lock.js'
import type { PipelineDeps, RunOutcome, RunRequest } from './types.js'

/**
 * The one pipeline every entry point runs — each action, the CLI, a
 * comment: preflight (nothing is written before it passed), then the
 * chosen stages in one order, migrations → deploy → smoke, each posting
 * `rehearse/<env>/<stage>` pending then final, stopping at the first that
 * fails; then the deployment's final state and the lock given back.
 */
export async function runEnvironment(
  request: RunRequest,
  deps: PipelineDeps
): Promise<RunOutcome> {
  if (stagesOf(request).length === 0) return nothingToRun(request)
  const preflight = await runPreflight(request, deps)
  if (preflight.gate) {
    for (const line of describeGateLines(preflight.gate, request.environment))
      deps.reporter.info(line)
  }
  if (request.noop) return describeNoop(request, preflight, deps)
  const taken = preflight.taken
  try {
    if (preflight.gate && !preflight.gate.ok) {
      const refused = refusedOutcome(request, preflight)
      await postStage(
        deps,
        { ...where(request), stage: firstStageOf(request) },
        'failure',
        `Refused: ${refused.message ?? 'gate failed'}`
      )
      return refused
    }
    const done = await runStages(request, preflight, deps)
    return completedOutcome(request, preflight, done)
  } finally {
    if (taken && !request.keepLock)
      await releaseLock(request.environment, taken, deps)
  }
}

const where = (request: RunRequest) => ({
  sha: request.sha,
  environment: request.environment
})

function completedOutcome(
  request: RunRequest,
  preflight: Preflight,
  done: StagesDone
): RunOutcome {
  const { runs, deploy, rollback } = done
  const last = runs.find(
    run => run.result.status !== 'success' && run.result.status !== 'skipped'
  )?.result
  return {
    status: !last
      ? 'success'
      : last.status === 'cancelled'
        ? 'cancelled'
        : 'failure',
    environment: request.environment,
    sha: request.sha,
    rehearsedSha: preflight.rehearsedSha,
    fingerprint: preflight.fingerprint,
    gate: preflight.gate,
    parity: preflight.parity,
    reason: last?.reason,
    message: last?.description,
    stages: runs,
    deploy: deploy?.outcome,
    lock: preflight.taken?.lock,
    rollback: rollback && {
      rolledBack: rollback.rolledBack,
      to: rollback.to,
      description: rollback.description,
      notable: rollback.notable
    }
  }
}
