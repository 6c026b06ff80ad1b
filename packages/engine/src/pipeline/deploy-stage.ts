import { buildDeploymentPayload } from '../fingerprint/index.js'
import type { Fingerprint } from '../fingerprint/types.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import type { DeploymentPayload, DeploymentRecord } from '../ports.js'
import { resolveArtifact } from '../run/step-variables.js'
import { runAs } from './release.js'
import type { Release } from './release.js'
import { strategyOf } from './strategies/index.js'
import type {
  DeployStrategy,
  StrategyContext,
  StrategyOutcome
} from './strategies/index.js'
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
  /** The plan's smoke checks against a URL (an idle slot, a canary step). */
  readonly smokeAt: StrategyContext['smokeAt']
  /** Called with the deployment as soon as it exists. */
  readonly onRecord: (deployment: DeploymentRecord) => void
  /** A change freeze this run overrode, recorded with the deployment. */
  readonly freezeOverride?: DeploymentPayload['freezeOverride']
}

/** The deploy stage's result, and what a way back needs. */
export interface DeployStage {
  readonly result: StageResult
  readonly outcome: DeployOutcome
  readonly strategy: DeployStrategy
  readonly context: StrategyContext
  readonly strategyOutcome: StrategyOutcome
}

/** The release this run deploys: the artifact staging rehearsed. */
export function releaseToDeploy(
  request: RunRequest,
  rehearsedSha: string
): Release {
  const template = request.plan.artifact
  return {
    sha: request.sha,
    rehearsedSha,
    artifact:
      template === undefined
        ? undefined
        : resolveArtifact(template, rehearsedSha)
  }
}

/** The strategy's context for this run: how it runs steps, as what. */
export function strategyContext(
  input: Pick<DeployInput, 'request' | 'previous' | 'smokeAt'>,
  release: Release,
  deps: PipelineDeps
): StrategyContext {
  return {
    request: input.request,
    deps,
    release,
    previous: input.previous,
    smokeAt: input.smokeAt,
    run: (steps, variables = {}) =>
      runAs(steps, release, variables, {
        request: input.request,
        deps,
        previousSha: input.previous?.sha
      })
  }
}

/**
 * The deploy stage: the one deployment of this environment and SHA,
 * `in_progress` while the plan's strategy takes the release live with
 * the artifact staging rehearsed. Its final state is the pipeline's to
 * set, once the stages after it are done.
 */
export async function runDeployStage(
  input: DeployInput,
  deps: PipelineDeps
): Promise<DeployStage> {
  const { request, fingerprint } = input
  const { plan, environment: name, sha } = request
  const environment = environmentOf(plan, name)
  const release = releaseToDeploy(request, input.rehearsedSha)
  const strategy = strategyOf(plan.strategy)
  // A push that landed while earlier stages ran must not be deployed.
  await request.confirmTarget?.()
  const deployment = await deps.ledger.ensureDeployment({
    environment: name,
    sha,
    payload: buildDeploymentPayload(plan, name, fingerprint, {
      ...release,
      slot: strategy.slotFor?.(input.previous),
      creator: deps.actor,
      freezeOverride: input.freezeOverride
    }),
    production: environment.production,
    transient: environment.transient,
    description: `Rehearse: ${plan.deploy.length} step(s) of ${plan.file}`
  })
  input.onRecord(deployment)
  await deps.ledger.setDeploymentState(deployment.id, 'in_progress', {
    logUrl: deps.logUrl
  })
  const context = strategyContext(input, release, deps)
  const strategyOutcome = await strategy.deploy(context)
  const status = strategyOutcome.result.status
  const outcome: DeployOutcome = {
    status: status === 'skipped' ? 'success' : status,
    environment: name,
    sha,
    fingerprint,
    deployment,
    run: strategyOutcome.run,
    environmentUrl: environment.url,
    artifact: release.artifact,
    notes: strategyOutcome.notes
  }
  return {
    result: strategyOutcome.result,
    outcome,
    strategy,
    context,
    strategyOutcome
  }
}
