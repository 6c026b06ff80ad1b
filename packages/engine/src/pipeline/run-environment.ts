import type { DeploymentRecord } from '../ports.js'
import { describeGateLines } from '../report/render-gate.js'
import { runDeployStage } from './deploy-stage.js'
import { finishDeployment } from './finish-deployment.js'
import { runPreflight } from './preflight.js'
import type { Preflight } from './preflight.js'
import { reconcileDeadRuns } from './reconcile.js'
import { postStage, runStageLifecycle } from './stage-lifecycle.js'
import { releaseLock } from './take-lock.js'
import {
  describeNoop,
  firstStageOf,
  nothingToRun,
  refusedOutcome,
  stagesOf
} from './outcomes.js'
import type {
  DeployOutcome,
  PipelineDeps,
  RunOutcome,
  RunRequest,
  StageName,
  StageResult,
  StageRun
} from './types.js'
import { STAGE_ORDER } from './types.js'

// How far back the history is read for the last good release.
const HISTORY = 10

// An unexpected error stopped the run after the deploy: not a release.
const CRASHED: StageResult = {
  status: 'cancelled',
  description: 'Stopped by an error before the run finished; see the log',
  summary: ''
}

// The job must not end green while its deployment is not recorded so.
const UNRECORDED: StageResult = {
  status: 'failure',
  description:
    "The deployment's final state could not be recorded on the ledger; see the log",
  summary: '',
  reason: 'ledger_unavailable'
}

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
    return await runStages(request, preflight, deps)
  } finally {
    if (taken && !request.keepLock)
      await releaseLock(request.environment, taken, deps)
  }
}

const where = (request: RunRequest) => ({
  sha: request.sha,
  environment: request.environment
})

async function runStages(
  request: RunRequest,
  preflight: Preflight,
  deps: PipelineDeps
): Promise<RunOutcome> {
  const history = await deps.ledger.recentDeployments(
    request.environment,
    HISTORY
  )
  await reconcileDeadRuns(request.environment, history, deps)
  const previous =
    history.find(d => d.state === 'success') ??
    (await deps.ledger.lastSuccessfulDeployment(request.environment))
  const runs: StageRun[] = []
  let deploy: DeployOutcome | undefined
  let deployment: DeploymentRecord | undefined
  let recorded = true
  let crashed = true
  try {
    for (const stage of STAGE_ORDER) {
      const result = await runOne(stage)
      if (!result) continue
      runs.push({ stage, result })
      request.onStageDone?.({ stage, result }, deploy)
      if (result.status !== 'success' && result.status !== 'skipped') break
    }
    crashed = false
  } finally {
    if (deployment)
      recorded = await finishDeployment(
        deployment,
        crashed ? [...runs, { stage: 'deploy', result: CRASHED }] : runs,
        request,
        history,
        deps
      )
  }
  if (!recorded) runs.push({ stage: 'deploy', result: UNRECORDED })
  return completedOutcome(request, preflight, runs, deploy)

  async function runOne(stage: StageName): Promise<StageResult | undefined> {
    if (stage === 'deploy') {
      if (!request.stages.deploy) return undefined
      return runStageLifecycle(
        deps,
        { ...where(request), stage },
        {
          records: true,
          activity: `Deploying ${request.sha.slice(0, 7)}…`,
          work: async () => {
            const ran = await runDeployStage(
              {
                request,
                fingerprint: preflight.fingerprint,
                rehearsedSha: preflight.rehearsedSha,
                previous,
                onRecord: record => (deployment = record)
              },
              deps
            )
            deploy = ran.outcome
            return ran.result
          }
        }
      )
    }
    const prepared = preflight.prepared.get(stage)
    if (!prepared) return undefined
    return runStageLifecycle(
      deps,
      { ...where(request), stage },
      {
        records: prepared.records,
        activity: prepared.activity,
        work: () =>
          prepared.run({
            ...preflight.context,
            url: request.plan.environments[request.environment]?.url
          })
      }
    )
  }
}

function completedOutcome(
  request: RunRequest,
  preflight: Preflight,
  runs: readonly StageRun[],
  deploy: DeployOutcome | undefined
): RunOutcome {
  const last = runs.at(-1)?.result
  const failed = last && last.status !== 'success' && last.status !== 'skipped'
  return {
    status: !failed
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
    reason: failed ? last.reason : undefined,
    message: failed ? last.description : undefined,
    stages: runs,
    deploy,
    lock: preflight.taken?.lock
  }
}
