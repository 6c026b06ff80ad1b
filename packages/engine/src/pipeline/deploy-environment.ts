import { ConfigurationError } from '@rehearse/core'
import { checkBoundary, describeBoundaryViolations } from '../boundary/index.js'
import {
  buildDeploymentPayload,
  computeFingerprint
} from '../fingerprint/index.js'
import type { DeploymentState, StageState } from '../ports.js'
import { runPlanSteps } from '../run/index.js'
import type { RunResult } from '../run/types.js'
import { assertNotLocked } from './locks.js'
import type { DeployOutcome, DeployRequest, PipelineDeps } from './types.js'

const short = (sha: string): string => sha.slice(0, 7)

/** Refuses before any write when the checkout is not the code to deploy. */
export async function assertCheckedOut(
  deps: PipelineDeps,
  sha: string
): Promise<void> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
    throw new ConfigurationError(
      `"${sha}" is not a full commit SHA. Pass the 40-character SHA (e.g. \${{ github.sha }}).`,
      { reason: 'invalid_sha' }
    )
  }
  const head = await deps.source.headSha()
  if (head !== sha) {
    throw new ConfigurationError(
      `the checked-out HEAD is ${short(head)} but the SHA to deploy is ${short(sha)}. Check out exactly that commit (actions/checkout with ref: ${sha}).`,
      { reason: 'sha_mismatch' }
    )
  }
}

/**
 * Runs the plan for one environment and records it: one deployment per
 * environment and SHA, `rehearse/<env>/deploy` pending while it runs, and a
 * final state even when a step fails or the run is cancelled.
 */
export async function deployEnvironment(
  request: DeployRequest,
  deps: PipelineDeps
): Promise<DeployOutcome> {
  const { plan, environment: name, sha } = request
  const environment = plan.environments[name]
  if (!environment)
    throw new ConfigurationError(`unknown environment "${name}"`)
  const violations = checkBoundary(plan, name)
  if (violations.length > 0) {
    throw new ConfigurationError(
      describeBoundaryViolations(plan.file, violations),
      {
        reason: 'boundary_violation'
      }
    )
  }
  await assertCheckedOut(deps, sha)
  if (!request.noop) await assertNotLocked(deps, name)
  const fingerprint = computeFingerprint(plan, name, request.workspace)
  const base = {
    environment: name,
    sha,
    fingerprint,
    environmentUrl: environment.url
  }
  if (request.noop) {
    deps.reporter.info(
      `noop: would run ${plan.deploy.length} step(s) in ${name}: ${plan.deploy.map(s => s.name).join(', ')}`
    )
    return { ...base, status: 'noop', deployment: undefined, run: undefined }
  }

  const previous = await deps.ledger.lastSuccessfulDeployment(name)
  const deployment = await deps.ledger.ensureDeployment({
    environment: name,
    sha,
    payload: buildDeploymentPayload(plan, name, fingerprint),
    production: environment.production,
    transient: environment.transient,
    description: `Rehearse: ${plan.deploy.length} step(s) of ${plan.file}`
  })
  let run: RunResult | undefined
  try {
    await deps.ledger.setStage(
      sha,
      stage(name, 'pending', `Deploying ${short(sha)}…`, deps)
    )
    await deps.ledger.setDeploymentState(deployment.id, 'in_progress', {
      logUrl: deps.logUrl
    })
    run = await runPlanSteps(
      plan.deploy,
      {
        workspace: request.workspace,
        environment,
        sha,
        ref: request.ref,
        previousSha: previous?.sha
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
  } finally {
    await recordOutcome(deps, deployment.id, name, sha, run, environment.url)
  }
  return { ...base, status: run?.status ?? 'failure', deployment, run }
}

async function recordOutcome(
  deps: PipelineDeps,
  id: string,
  environment: string,
  sha: string,
  run: RunResult | undefined,
  environmentUrl: string | undefined
): Promise<void> {
  const failed = run?.steps.find(
    s => s.status !== 'success' && s.status !== 'skipped'
  )
  const [state, stageState, description]: [
    DeploymentState,
    StageState,
    string
  ] =
    run?.status === 'success'
      ? [
          'success',
          'success',
          `Deployed in ${(run.durationMs / 1000).toFixed(1)} s`
        ]
      : run?.status === 'failure'
        ? [
            'failure',
            'failure',
            `Step "${failed?.name ?? '?'}" ${failed?.status === 'timed_out' ? 'timed out' : 'failed'}`
          ]
        : [
            'error',
            'error',
            run
              ? 'Cancelled before the deploy finished'
              : 'Stopped by an error before the steps ran'
          ]
  await deps.ledger.setDeploymentState(id, state, {
    ...(state === 'success' && environmentUrl ? { environmentUrl } : {}),
    logUrl: deps.logUrl,
    description
  })
  await deps.ledger.setStage(
    sha,
    stage(environment, stageState, description, deps)
  )
}

function stage(
  environment: string,
  state: StageState,
  description: string,
  deps: PipelineDeps
) {
  return {
    environment,
    stage: 'deploy',
    state,
    description,
    targetUrl: deps.logUrl
  }
}
