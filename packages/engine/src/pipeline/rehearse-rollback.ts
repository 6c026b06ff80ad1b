import { environmentOf } from '../fingerprint/environment-of.js'
import type { DeploymentRecord } from '../ports.js'
import { releaseOf, runAs } from './release.js'
import type { Release } from './release.js'
import type { StrategyContext } from './strategies/index.js'
import type { PipelineDeps, RunRequest, StageResult } from './types.js'

const short = (sha: string): string => sha.slice(0, 7)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/** The rehearsal's result; `forward` says whether the candidate runs again. */
export interface RollbackRehearsal {
  readonly result: StageResult
  readonly forward: boolean
  readonly durationMs: number
}

/**
 * The way back, rehearsed where it is cheap: the plan's `rollback:` steps
 * bring back the release production serves now — on the candidate's
 * schema, exactly what production would face in an incident — and the
 * smoke test must pass on it; then the candidate is deployed again and
 * smoke-tested. The rollback leg is timed for the gate.
 */
export async function rehearseRollback(input: {
  readonly request: RunRequest
  readonly deps: PipelineDeps
  readonly context: StrategyContext
  readonly target: DeploymentRecord | undefined
  readonly smokeAt: ((url: string) => Promise<StageResult>) | undefined
}): Promise<RollbackRehearsal> {
  const { request, deps, target } = input
  const url = environmentOf(request.plan, request.environment).url
  const check = async (): Promise<StageResult | undefined> =>
    url && input.smokeAt ? input.smokeAt(url) : undefined
  if (!target) {
    return {
      result: {
        status: 'success',
        description: 'Nothing to roll back to yet: no earlier release',
        summary: ''
      },
      forward: true,
      durationMs: 0
    }
  }
  const back: Release = releaseOf(target, request.plan.artifact)
  const started = deps.clock.now().getTime()
  const rolled = await runAs(
    request.plan.rollback,
    back,
    { REHEARSE_ROLLBACK_FROM: request.sha },
    { request, deps, previousSha: request.sha }
  )
  const backSmoke = rolled.status === 'success' ? await check() : undefined
  const durationMs = deps.clock.now().getTime() - started
  const forward = await goForward(input.context)
  const forwardSmoke = forward.status === 'success' ? await check() : undefined
  const forwardOk =
    forward.status === 'success' && forwardSmoke?.status !== 'failure'
  const fail = (description: string): RollbackRehearsal => ({
    result: {
      status: 'failure',
      description,
      summary: '',
      reason: 'rollback_not_rehearsed'
    },
    forward: forwardOk,
    durationMs
  })
  if (rolled.status !== 'success')
    return fail(`The rollback steps to ${short(back.sha)} failed`)
  if (backSmoke && backSmoke.status !== 'success')
    return fail(
      `${short(back.sha)} failed its smoke test after the rollback: ${backSmoke.description}`
    )
  if (!forwardOk)
    return fail(
      `Deploying ${short(request.sha)} again after the rollback failed`
    )
  return {
    result: {
      status: 'success',
      description: `Rolled back to ${short(back.sha)} in ${seconds(durationMs)} and forward again`,
      summary: ''
    },
    forward: true,
    durationMs
  }
}

// The candidate again: its deploy steps, and for a canary all the traffic.
async function goForward(context: StrategyContext) {
  const { plan } = context.request
  const deployed = await context.run(plan.deploy)
  if (deployed.status !== 'success' || plan.strategy.type !== 'canary')
    return deployed
  return context.run(plan.strategy.traffic, { REHEARSE_TRAFFIC_PERCENT: '100' })
}
