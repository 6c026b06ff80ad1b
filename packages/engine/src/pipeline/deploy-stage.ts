import { buildDeploymentPayload } from '../fingerprint/index.js'
import type { Fingerprint } from '../fingerprint/types.js'
import type { DeploymentRecord } from '../ports.js'
import { runPlanSteps } from '../run/index.js'
import { resolveArtifact } from '../run/step-variables.js'
import type { RunResult } from '../run/types.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import type {
  DeployOutcome,
  PipelineDeps,
  RunRequest,
  StageResult
} from './types.js'

/** What the deploy stage needs besides the request. */
export interface DeployInput {
  readonly request: RunRequest
  readonly fingerprint: Fingerprint
  readonly rehearsedSha: string
  /** The environment's last good release before this run. */
  readonly previous: DeploymentRecord | undefined
  /** Called with the deployment as soon as it exists. */
  readonly onRecord: (deployment: DeploymentRecord) => void
}

const short = (sha: string): string => sha.slice(0, 7)

/**
 * The deploy stage (strategy `direct`): the one deployment of this
 * environment and SHA, `in_progress` while the plan's steps run with the
 * artifact staging rehearsed. Its final state is the pipeline's to set,
 * once the stages after it are done.
 */
export async function runDeployStage(
  input: DeployInput,
  deps: PipelineDeps
): Promise<{ result: StageResult; outcome: DeployOutcome }> {
  const { request, fingerprint, rehearsedSha } = input
  const { plan, environment: name, sha } = request
  const environment = environmentOf(plan, name)
  const artifact =
    plan.artifact === undefined
      ? undefined
      : resolveArtifact(plan.artifact, rehearsedSha)
  // A push that landed while earlier stages ran must not be deployed.
  await request.confirmTarget?.()
  const deployment = await deps.ledger.ensureDeployment({
    environment: name,
    sha,
    payload: buildDeploymentPayload(plan, name, fingerprint, {
      sha,
      rehearsedSha,
      artifact,
      creator: deps.actor
    }),
    production: environment.production,
    transient: environment.transient,
    description: `Rehearse: ${plan.deploy.length} step(s) of ${plan.file}`
  })
  input.onRecord(deployment)
  await deps.ledger.setDeploymentState(deployment.id, 'in_progress', {
    logUrl: deps.logUrl
  })
  const run = await runPlanSteps(
    plan.deploy,
    {
      workspace: request.workspace,
      environment,
      sha,
      ref: request.ref,
      previousSha: input.previous?.sha,
      rehearsedSha
    },
    {
      runner: deps.runner,
      reporter: deps.reporter,
      clock: deps.clock,
      signal: deps.signal,
      baseEnv: deps.baseEnv,
      artifact: plan.artifact
    }
  )
  const outcome: DeployOutcome = {
    status: run.status,
    environment: name,
    sha,
    fingerprint,
    deployment,
    run,
    environmentUrl: environment.url,
    artifact
  }
  return { result: describeRun(run, sha), outcome }
}

function describeRun(run: RunResult, sha: string): StageResult {
  const failed = run.steps.find(
    s => s.status !== 'success' && s.status !== 'skipped'
  )
  if (run.status === 'success') {
    return {
      status: 'success',
      description: `Deployed ${short(sha)} in ${(run.durationMs / 1000).toFixed(1)} s`,
      summary: ''
    }
  }
  if (run.status === 'cancelled') {
    return {
      status: 'cancelled',
      description: 'Cancelled before the deploy finished',
      summary: '',
      reason: 'cancelled'
    }
  }
  const how = failed?.status === 'timed_out' ? 'timed out' : 'failed'
  return {
    status: 'failure',
    description: `Step "${failed?.name ?? '?'}" ${how}`,
    summary: '',
    reason: 'deploy_failed'
  }
}
