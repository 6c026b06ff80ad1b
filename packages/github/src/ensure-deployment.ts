import { setTimeout as sleep } from 'node:timers/promises'
import { ConfigurationError } from '@rehearse/core'
import type { DeploymentRecord, DeploymentRequest } from '@rehearse/engine'
import { toDeploymentRecord } from './deployment-record.js'
import type { GitHubDeployment } from './deployment-record.js'
import { createOnce, findOne, latestStatus } from './deployments-api.js'
import { httpFailure, isTransient } from './github-errors.js'
import { fullName } from './repo-context.js'
import type { RepoContext } from './repo-context.js'

// Create attempts when GitHub answers 5xx or the connection drops; each
// one is preceded by a lookup, so an applied-but-unanswered create is
// found rather than repeated.
const CREATE_ATTEMPTS = 3
// Time for a create GitHub applied to show up in the list before we look:
// looking too soon would miss it and create a duplicate.
const RECHECK_DELAY_MS = 1000

async function withLatest(
  ctx: RepoContext,
  deployment: GitHubDeployment
): Promise<DeploymentRecord> {
  return toDeploymentRecord(deployment, await latestStatus(ctx, deployment.id))
}

/**
 * After a create, settles a race with another run that created the same
 * deployment at the same time: both pick the oldest.
 */
async function settle(
  ctx: RepoContext,
  request: DeploymentRequest,
  created: GitHubDeployment
): Promise<DeploymentRecord> {
  const chosen = await findOne(ctx, request.environment, request.sha)
  if (!chosen || chosen.id === created.id)
    return toDeploymentRecord(created, undefined)
  return withLatest(ctx, chosen)
}

function explainCreateFailure(error: unknown, ctx: RepoContext, sha: string) {
  const failure = httpFailure(error)
  if (failure?.status === 422 && /no ref found/i.test(failure.message)) {
    return new ConfigurationError(
      `GitHub does not know commit ${sha} in ${fullName(ctx)}: push it before deploying it.`,
      { reason: 'unknown_commit', cause: error }
    )
  }
  return error
}

async function createOrRecover(
  ctx: RepoContext,
  request: DeploymentRequest,
  attempt: number
): Promise<DeploymentRecord | undefined> {
  try {
    return await settle(ctx, request, await createOnce(ctx, request))
  } catch (error) {
    if (!isTransient(error) || attempt >= CREATE_ATTEMPTS)
      throw explainCreateFailure(error, ctx, request.sha)
    const said = httpFailure(error)?.message ?? String(error)
    ctx.warn(
      `Creating the ${request.environment} deployment failed (${said}); checking whether GitHub recorded it before trying again.`
    )
    await sleep(RECHECK_DELAY_MS * attempt)
    return undefined
  }
}

/**
 * The one deployment of `request.environment` at `request.sha`: reused
 * when it exists (a re-run, or a create that GitHub applied but did not
 * answer), created otherwise.
 */
export async function ensureDeployment(
  ctx: RepoContext,
  request: DeploymentRequest
): Promise<DeploymentRecord> {
  for (let attempt = 1; ; attempt += 1) {
    const existing = await findOne(ctx, request.environment, request.sha)
    if (existing) return withLatest(ctx, existing)
    const created = await createOrRecover(ctx, request, attempt)
    if (created) return created
  }
}
