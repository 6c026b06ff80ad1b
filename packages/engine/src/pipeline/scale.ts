import { ConfigurationError } from '@rehearse/core'
import { assertWithinBoundary } from '../boundary/index.js'
import { runnableEnvironment } from '../plan/per-pr.js'
import type { DeploymentRecord } from '../ports.js'
import type { RunResult } from '../run/types.js'
import { releaseOf, runAs } from './release.js'
import { postStage } from './stage-lifecycle.js'
import { releaseLock, takeLock } from './take-lock.js'
import type { PipelineDeps, RunRequest } from './types.js'

export type ScaleDirection = 'down' | 'up'

/** What a scale run did. */
export interface ScaleOutcome {
  readonly status: 'success' | 'failure' | 'skipped'
  readonly description: string
  readonly run: RunResult | undefined
}

const SCALED_DOWN = /^Scaled down/

/** Whether the environment's current release was last scaled down. */
export async function isScaledDown(
  environment: string,
  current: DeploymentRecord | undefined,
  deps: PipelineDeps
): Promise<boolean> {
  if (!current) return false
  const marker = (await deps.ledger.readStages(current.sha)).find(
    s => s.environment === environment && s.stage === 'scale'
  )
  return marker !== undefined && SCALED_DOWN.test(marker.description)
}

/**
 * Runs the plan's scale-down or scale-up steps for a non-production
 * environment, as its current release, under its lock, and records the
 * result on that release as `rehearse/<env>/scale` (which no gate reads):
 * a later deploy scales the environment up first.
 */
export async function scaleEnvironment(
  request: Pick<RunRequest, 'plan' | 'environment' | 'workspace'> & {
    readonly direction: ScaleDirection
    readonly lockWaitMs?: number
  },
  deps: PipelineDeps
): Promise<ScaleOutcome> {
  const { plan, environment, direction } = request
  if (runnableEnvironment(plan, environment).production)
    throw new ConfigurationError(
      `${environment} is a production environment: scale-${direction} runs only for rehearsal environments.`,
      { reason: 'production_environment' }
    )
  const steps = direction === 'down' ? plan.scaleDown : plan.scaleUp
  // A schedule set up for steps the plan lacks would pass every night and
  // scale nothing: refuse, naming the key.
  if (steps.length === 0)
    throw new ConfigurationError(
      `${plan.file} has no scale-${direction} steps: add "scale-${direction}:" with the commands that scale ${environment} ${direction}, or drop the scheduled scale-${direction} run.`,
      { reason: 'invalid_plan' }
    )
  assertWithinBoundary(plan, environment)
  const current = await deps.ledger.lastSuccessfulDeployment(environment)
  if (!current) return skipped(`${environment} was never deployed`)
  const taken = await takeLock(
    environment,
    {
      waitMs: request.lockWaitMs ?? 0,
      waitHint: undefined,
      leaseMinutes: 60,
      reason: `scale-${direction}`,
      nest: false
    },
    deps
  )
  try {
    return await runScale(request, direction, current, deps)
  } finally {
    await releaseLock(environment, taken, deps)
  }
}

/** Runs the steps and records the marker, without the lock (the caller holds it). */
export async function runScale(
  request: Pick<RunRequest, 'plan' | 'environment' | 'workspace'>,
  direction: ScaleDirection,
  current: DeploymentRecord,
  deps: PipelineDeps
): Promise<ScaleOutcome> {
  const { plan, environment } = request
  const steps = direction === 'down' ? plan.scaleDown : plan.scaleUp
  const run = await runAs(
    steps,
    releaseOf(current, plan.artifact),
    { REHEARSE_SCALE: direction },
    {
      request: { ...request, sha: current.sha, ref: current.sha, stages: {} },
      deps,
      previousSha: undefined
    }
  )
  const at = deps.clock.now().toISOString()
  const ok = run.status === 'success'
  const description = ok
    ? `Scaled ${direction} at ${at}`
    : `Scale-${direction} failed at ${at}; see the log`
  await postStage(
    deps,
    { sha: current.sha, environment, stage: 'scale' },
    ok ? 'success' : 'failure',
    description
  )
  return { status: ok ? 'success' : 'failure', description, run }
}

function skipped(description: string): ScaleOutcome {
  return {
    status: 'skipped',
    description: `Nothing to do: ${description}`,
    run: undefined
  }
}
