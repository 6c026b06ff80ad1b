import type { DeploymentRecord } from '../ports.js'
import { runDeployStage } from './deploy-stage.js'
import type { DeployStage } from './deploy-stage.js'
import { finishDeployment } from './finish-deployment.js'
import type { Preflight } from './preflight.js'
import { reconcileDeadRuns } from './reconcile.js'
import { recover } from './recover.js'
import type { RollbackReport } from './recover.js'
import { rehearseRollback } from './rehearse-rollback.js'
import { postStage, runStageLifecycle } from './stage-lifecycle.js'
import { rollbackTarget } from './rollback-target.js'
import { isScaledDown, runScale } from './scale.js'
import type {
  PipelineDeps,
  RunRequest,
  StageName,
  StageResult,
  StageRun
} from './types.js'
import { STAGE_ORDER } from './types.js'

// How far back the history is read for the last good release.
const HISTORY = 10

/** What the stages did, for the outcome. */
export interface StagesDone {
  readonly runs: readonly StageRun[]
  readonly deploy: DeployStage | undefined
  readonly rollback: RollbackReport | undefined
}

const failed = (result: StageResult): boolean =>
  result.status !== 'success' && result.status !== 'skipped'

/**
 * The stages in the one order, each through the one lifecycle; the first
 * that fails stops the run, and the way back starts there. Outside
 * production, with a rollback procedure, the way back is rehearsed after
 * a green smoke test. The deployment's final state comes last.
 */
export async function runStages(
  request: RunRequest,
  preflight: Preflight,
  deps: PipelineDeps
): Promise<StagesDone> {
  const { environment } = request
  const where = { sha: request.sha, environment }
  const history = await deps.ledger.recentDeployments(environment, HISTORY)
  await reconcileDeadRuns(environment, history, deps)
  const previous =
    history.find(d => d.state === 'success') ??
    (await deps.ledger.lastSuccessfulDeployment(environment))
  await scaleUpFirst(request, previous, deps)
  const smoke = preflight.prepared.get('smoke')
  const smokeAt = smoke
    ? (url: string) => smoke.run({ ...preflight.context, url })
    : undefined
  const runs: StageRun[] = []
  let deploy: DeployStage | undefined
  let deployment: DeploymentRecord | undefined
  let rollback: RollbackReport | undefined
  let servesCandidate = true
  let crashed = true

  const lifecycle = (
    stage: StageName,
    records: boolean,
    activity: string,
    work: () => Promise<StageResult>
  ) => runStageLifecycle(deps, { ...where, stage }, { records, activity, work })

  async function runOne(stage: StageName): Promise<StageResult | undefined> {
    if (stage === 'deploy') {
      if (!request.stages.deploy) return undefined
      return lifecycle(
        stage,
        true,
        `Deploying ${request.sha.slice(0, 7)}…`,
        async () => {
          deploy = await runDeployStage(
            {
              request,
              fingerprint: preflight.fingerprint,
              rehearsedSha: preflight.rehearsedSha,
              previous,
              smokeAt,
              freezeOverride: preflight.freezeOverride,
              onRecord: record => (deployment = record)
            },
            deps
          )
          return deploy.result
        }
      )
    }
    if (stage === 'rollback') return rehearse()
    if (stage === 'scale') return undefined
    const prepared = preflight.prepared.get(stage)
    if (!prepared) return undefined
    const url = request.plan.environments[environment]?.url
    return lifecycle(stage, prepared.records, prepared.activity, () =>
      prepared.run({ ...preflight.context, url })
    )
  }

  // Rehearsed outside production, after the candidate passed its checks.
  async function rehearse(): Promise<StageResult | undefined> {
    const env = request.plan.environments[environment]
    if (!deploy || env?.production || request.plan.rollback.length === 0)
      return undefined
    const target = await rollbackTarget(request, previous, deps)
    const context = deploy.context
    return lifecycle('rollback', true, 'Rehearsing the rollback…', async () => {
      const done = await rehearseRollback({
        request,
        deps,
        context,
        target,
        smokeAt
      })
      servesCandidate = done.forward
      await deps.ledger.saveReport(request.sha, environment, 'rollback', {
        title: done.result.description,
        summary: done.result.description,
        data: {
          rehearse: 1,
          durationMs: done.durationMs,
          to: target?.sha ?? null
        }
      })
      return done.result
    })
  }

  try {
    for (const stage of STAGE_ORDER) {
      const result = await runOne(stage)
      if (!result) continue
      runs.push({ stage, result })
      request.onStageDone?.({ stage, result }, deploy?.outcome)
      if (!failed(result)) continue
      if (stage !== 'rollback') {
        rollback = await recover({ request, deps, deploy, previous, smokeAt })
        await reportRollback(rollback, where, deps)
      }
      break
    }
    crashed = false
  } finally {
    if (deployment) {
      const recorded = await finishDeployment(
        deployment,
        runs,
        request,
        history,
        deps,
        {
          crashed,
          servesCandidate,
          rollback
        }
      )
      if (!recorded) runs.push({ stage: 'deploy', result: UNRECORDED })
    }
  }
  return { runs, deploy, rollback }
}

// A deploy to an environment scaled down for the night scales it up first,
// so the release meets the capacity it will run on.
async function scaleUpFirst(
  request: RunRequest,
  previous: DeploymentRecord | undefined,
  deps: PipelineDeps
): Promise<void> {
  const { plan, environment } = request
  if (!request.stages.deploy || !previous || plan.scaleUp.length === 0) return
  if (plan.environments[environment]?.production) return
  if (!(await isScaledDown(environment, previous, deps))) return
  deps.reporter.info(`${environment} is scaled down: scaling it up first`)
  const scaled = await runScale(request, 'up', previous, deps)
  if (scaled.status !== 'success')
    deps.reporter.warning(
      `scale-up before the deploy failed: ${scaled.description}`
    )
}

// The job must not end green while its deployment is not recorded so.
const UNRECORDED: StageResult = {
  status: 'failure',
  description:
    "The deployment's final state could not be recorded on the ledger; see the log",
  summary: '',
  reason: 'ledger_unavailable'
}

// A way back that ran is recorded as the stage `rollback` of this commit.
async function reportRollback(
  rollback: RollbackReport,
  where: { sha: string; environment: string },
  deps: PipelineDeps
): Promise<void> {
  const line = `${where.environment}: ${rollback.description}`
  // Nothing tried (auto-rollback off, nothing older) is the plan working
  // as written, not a warning on every failed staging deploy.
  if (!rollback.run && !rollback.rolledBack) {
    deps.reporter.info(line)
    return
  }
  if (rollback.rolledBack) deps.reporter.info(`↩ ${line}`)
  else deps.reporter.error(line)
  await postStage(
    deps,
    { ...where, stage: 'rollback' },
    rollback.rolledBack ? 'success' : 'failure',
    rollback.description
  )
}
