import { ConfigurationError } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'
import { assertWithinBoundary } from '../boundary/index.js'
import { environmentOf } from '../fingerprint/environment-of.js'
import { forPullRequest, parseInstanceName } from '../plan/per-pr.js'
import type { Plan } from '../plan-types.js'
import type {
  DeploymentRecord,
  LedgerEnvironment,
  RetiredEnvironment
} from '../ports.js'
import type { RunResult } from '../run/types.js'
import { releaseOf, runAs } from './release.js'
import { releaseLock, takeLock } from './take-lock.js'
import type { PipelineDeps } from './types.js'

/** What {@link teardownEnvironment} is asked to remove. */
export interface TeardownRequest {
  readonly plan: Plan
  /** The instance of a per-PR environment, e.g. `preview/pr-42`. */
  readonly environment: string
  readonly workspace: string
  /** How long to wait for a run holding the instance's lock (default 0). */
  readonly lockWaitMs?: number
  /** Why, for the lock and the record: `pull request closed`, `idle`. */
  readonly why?: string
}

/** What a teardown did. */
export interface TeardownOutcome {
  /** skipped: never deployed, or torn down before (no step ran). */
  readonly status: 'success' | 'failure' | 'skipped'
  readonly environment: string
  readonly description: string
  /** The teardown steps as they ran; undefined when none ran. */
  readonly run: RunResult | undefined
  /** What the ledger did; undefined when the steps failed (kept for a retry). */
  readonly retired: RetiredEnvironment | undefined
  readonly reason: ReasonCode | undefined
}

/**
 * Tears down one pull request's environment: under its lock, the plan's
 * `teardown:` steps run once, as the release it runs now (REHEARSE_* as
 * for its deploys: REHEARSE_ENVIRONMENT is the instance, REHEARSE_URL its
 * URL); then the ledger retires it — its deployments inactive, the
 * environment deleted — and `rehearse/<instance>/teardown` records it.
 * Only that instance: another pull request's is never read or written.
 * A failed step leaves the deployments as they are, so a retry runs the
 * steps again; an instance torn down before runs no step again.
 */
export async function teardownEnvironment(
  request: TeardownRequest,
  deps: PipelineDeps
): Promise<TeardownOutcome> {
  const { environment } = request
  const plan = instancePlan(request.plan, environment)
  assertWithinBoundary(plan, environment)
  const [newest] = await deps.ledger.recentDeployments(environment, 1)
  if (!newest)
    return done(environment, 'skipped', `${environment} was never deployed`)
  const taken = await takeLock(
    environment,
    {
      waitMs: request.lockWaitMs ?? 0,
      waitHint: undefined,
      leaseMinutes: 60,
      reason: `teardown (${request.why ?? 'requested'})`,
      nest: false
    },
    deps
  )
  try {
    const current =
      (await deps.ledger.lastSuccessfulDeployment(environment)) ??
      (newest.state === 'inactive' ? undefined : newest)
    if (!current) {
      // Torn down before (its deletion refused, say): nothing runs again.
      const retired = await deps.ledger.retireEnvironment(environment)
      return done(environment, 'skipped', 'torn down before', retired)
    }
    return await runTeardown(
      { ...request, plan: withUrl(plan, environment, current) },
      current,
      deps
    )
  } finally {
    await releaseLock(environment, taken, deps)
  }
}

async function runTeardown(
  request: TeardownRequest,
  current: DeploymentRecord,
  deps: PipelineDeps
): Promise<TeardownOutcome> {
  const { plan, environment } = request
  const run =
    plan.teardown.length === 0
      ? undefined
      : await runAs(
          plan.teardown,
          releaseOf(current, plan.artifact),
          {},
          {
            request: {
              ...request,
              sha: current.sha,
              ref: current.sha,
              stages: {}
            },
            deps,
            previousSha: undefined
          }
        )
  const at = deps.clock.now().toISOString()
  const why = request.why ? ` (${request.why})` : ''
  if (run && run.status !== 'success') {
    const description = `Teardown ${run.status === 'cancelled' ? 'cancelled' : 'failed'} at ${at}${why}; its deployments are left as they were`
    await record(deps, current.sha, environment, 'failure', description)
    return {
      ...done(environment, 'failure', description),
      run,
      reason: run.status === 'cancelled' ? 'cancelled' : 'teardown_failed'
    }
  }
  const retired = await deps.ledger.retireEnvironment(environment)
  if (retired.note) deps.reporter.warning(retired.note)
  const gone = retired.deleted ? ', environment deleted' : ''
  const description = `Torn down at ${at}${why}: ${retired.deactivated} deployment(s) inactive${gone}`
  await record(deps, current.sha, environment, 'success', description)
  return { ...done(environment, 'success', description, retired), run }
}

/**
 * The instances of the per-PR environment `base` not deployed for longer
 * than its `max-idle-days` at `now`, oldest first; none when it sets no
 * limit. Instances torn down before (every deployment inactive) are left
 * out, even when their GitHub environment could not be deleted.
 */
export async function idleInstances(
  plan: Plan,
  base: string,
  deps: Pick<PipelineDeps, 'ledger'>,
  now: Date
): Promise<LedgerEnvironment[]> {
  const environment = environmentOf(plan, base)
  if (!environment.perPr)
    throw notPerPr(
      `${base} is not a per-PR environment: only per-pr: true environments have instances that go idle.`
    )
  if (environment.maxIdleDays === undefined) return []
  const before = now.getTime() - environment.maxIdleDays * 86_400_000
  const idle: LedgerEnvironment[] = []
  for (const found of await deps.ledger.environmentsNamed(`${base}/pr-`)) {
    if (parseInstanceName(found.name)?.base !== base) continue
    const at = Date.parse(found.lastDeployedAt ?? '')
    if (Number.isNaN(at) || at >= before) continue
    const [newest] = await deps.ledger.recentDeployments(found.name, 1)
    if (newest && newest.state !== 'inactive') idle.push(found)
  }
  return idle.sort(
    (a, b) =>
      Date.parse(a.lastDeployedAt ?? '') - Date.parse(b.lastDeployedAt ?? '')
  )
}

// The plan with the instance in it; refuses anything but a per-PR instance.
function instancePlan(plan: Plan, environment: string): Plan {
  const instance = parseInstanceName(environment)
  const base = instance && plan.environments[instance.base]
  if (base?.production || plan.environments[environment]?.production)
    throw new ConfigurationError(
      `${environment} is a production environment: teardown removes only pull request environments.`,
      { reason: 'production_environment' }
    )
  if (!instance || !base?.perPr)
    throw notPerPr(
      `${environment} is not a pull request's environment (<name>/pr-<number> of an environment with per-pr: true in ${plan.file}): teardown removes only those.`
    )
  return plan.environments[environment]
    ? plan
    : forPullRequest(plan, instance.base, instance.pr).plan
}

// REHEARSE_URL: the plan's URL for the instance, else the one its
// deployment recorded (a deploy given the url input).
function withUrl(
  plan: Plan,
  environment: string,
  current: DeploymentRecord
): Plan {
  const instance = environmentOf(plan, environment)
  if (instance.url !== undefined || !current.environmentUrl) return plan
  const url = current.environmentUrl
  return {
    ...plan,
    environments: { ...plan.environments, [environment]: { ...instance, url } }
  }
}

function notPerPr(message: string): ConfigurationError {
  return new ConfigurationError(message, { reason: 'not_per_pr' })
}

// `rehearse/<instance>/teardown` on the release it tore down; a failure
// to post only warns (the ledger already says what happened).
async function record(
  deps: PipelineDeps,
  sha: string,
  environment: string,
  state: 'success' | 'failure',
  description: string
): Promise<void> {
  try {
    await deps.ledger.setStage(sha, {
      environment,
      stage: 'teardown',
      state,
      description,
      targetUrl: deps.logUrl
    })
  } catch (error) {
    deps.reporter.warning(
      `could not post rehearse/${environment}/teardown: ${(error as Error).message}`
    )
  }
}

function done(
  environment: string,
  status: TeardownOutcome['status'],
  description: string,
  retired?: RetiredEnvironment
): TeardownOutcome {
  const text =
    status === 'skipped' ? `Nothing to tear down: ${description}` : description
  return {
    status,
    environment,
    description: text,
    run: undefined,
    retired,
    reason: undefined
  }
}
