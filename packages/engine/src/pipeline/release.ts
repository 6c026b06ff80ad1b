import { environmentOf } from '../fingerprint/environment-of.js'
import type { PlanStep } from '../plan-types.js'
import type { DeploymentRecord } from '../ports.js'
import { runPlanSteps } from '../run/run-plan-steps.js'
import { resolveArtifact } from '../run/step-variables.js'
import type { RunResult } from '../run/types.js'
import type { PipelineDeps, RunRequest } from './types.js'

/** A release: the commit, the commit it was rehearsed as, its artifact. */
export interface Release {
  readonly sha: string
  readonly rehearsedSha: string
  readonly artifact: string | undefined
}

/**
 * The release a recorded deployment ran: its own artifact string when it
 * kept one, else the plan's reference resolved for the commit it was
 * rehearsed as.
 */
export function releaseOf(
  deployment: DeploymentRecord,
  artifactTemplate: string | undefined
): Release {
  const kept = deployment.payload?.release
  const rehearsedSha = kept?.rehearsedSha ?? deployment.sha
  return {
    sha: deployment.sha,
    rehearsedSha,
    artifact:
      kept?.artifact ??
      (artifactTemplate === undefined
        ? undefined
        : resolveArtifact(artifactTemplate, rehearsedSha))
  }
}

/** Runs steps of the plan as a release, with the strategy's variables. */
export function runAs(
  steps: readonly PlanStep[],
  release: Release,
  variables: Readonly<Record<string, string>>,
  input: {
    readonly request: RunRequest
    readonly deps: PipelineDeps
    readonly previousSha: string | undefined
  }
): Promise<RunResult> {
  const { request, deps } = input
  return runPlanSteps(
    steps,
    {
      workspace: request.workspace,
      environment: environmentOf(request.plan, request.environment),
      sha: release.sha,
      ref: request.ref,
      previousSha: input.previousSha,
      rehearsedSha: release.rehearsedSha,
      artifact: release.artifact ?? '',
      variables
    },
    {
      runner: deps.runner,
      reporter: deps.reporter,
      clock: deps.clock,
      signal: deps.signal,
      baseEnv: deps.baseEnv,
      artifact: request.plan.artifact
    }
  )
}

/** Several runs of steps as one, for the summary's table. */
export function joinRuns(runs: readonly RunResult[]): RunResult {
  const bad = runs.find(run => run.status !== 'success')
  return {
    status: bad?.status ?? 'success',
    steps: runs.flatMap(run => run.steps),
    durationMs: runs.reduce((sum, run) => sum + run.durationMs, 0)
  }
}
