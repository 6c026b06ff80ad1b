import type { DeploymentRequest } from '@rehearse/engine'
import { listingOnce, statusOnce } from './deployment-cache.js'
import { oldest } from './deployment-record.js'
import type {
  GitHubDeployment,
  GitHubDeploymentStatus
} from './deployment-record.js'
import type { RepoContext } from './repo-context.js'
import { truncate } from './repo-context.js'

// One page is plenty: duplicates for one environment and SHA are an
// accident, and the oldest is what every reader settles on.
const DUPLICATES_PAGE = 100

/**
 * The `deploy` deployments of one environment at one commit, newest first
 * (GitHub's order), using GitHub's `sha` filter.
 */
export async function listForSha(
  ctx: RepoContext,
  environment: string,
  sha: string
): Promise<GitHubDeployment[]> {
  return listingOnce(ctx, `${environment} sha ${sha}`, async () => {
    const { data } = await ctx.octokit.rest.repos.listDeployments({
      owner: ctx.owner,
      repo: ctx.repo,
      sha,
      environment,
      task: 'deploy',
      per_page: DUPLICATES_PAGE
    })
    return data
  })
}

/**
 * The one deployment of the environment at the commit: the oldest if
 * several exist (with a warning naming them), undefined if none.
 */
export async function findOne(
  ctx: RepoContext,
  environment: string,
  sha: string
): Promise<GitHubDeployment | undefined> {
  const found = await listForSha(ctx, environment, sha)
  const chosen = oldest(found)
  if (chosen && found.length > 1) {
    const ids = found.map(d => d.id).join(', ')
    ctx.warn(
      `Found ${found.length} ${environment} deployments of ${sha} (ids ${ids}); using the oldest, ${chosen.id}. The others can be deleted.`
    )
  }
  return chosen
}

// Listings are read in GitHub's largest pages and sliced, so the several
// windows a run asks for (the newest 1, 10, 20, 50) cost one request.
const BLOCK = 100

/** One page of the environment's `deploy` deployments, newest first. */
export async function listPage(
  ctx: RepoContext,
  environment: string,
  perPage: number,
  page: number
): Promise<GitHubDeployment[]> {
  if (BLOCK % perPage !== 0) return readPage(ctx, environment, perPage, page)
  const first = (page - 1) * perPage
  const block = Math.floor(first / BLOCK) + 1
  const data = await readPage(ctx, environment, BLOCK, block)
  const from = first - (block - 1) * BLOCK
  return data.slice(from, from + perPage)
}

function readPage(
  ctx: RepoContext,
  environment: string,
  perPage: number,
  page: number
): Promise<GitHubDeployment[]> {
  const key = `${environment} page ${perPage}/${page}`
  return listingOnce(ctx, key, async () => {
    const { data } = await ctx.octokit.rest.repos.listDeployments({
      owner: ctx.owner,
      repo: ctx.repo,
      environment,
      task: 'deploy',
      per_page: perPage,
      page
    })
    return data
  })
}

/** The deployment's newest status (GitHub lists them newest first). */
export async function latestStatus(
  ctx: RepoContext,
  deploymentId: number
): Promise<GitHubDeploymentStatus | undefined> {
  return statusOnce(ctx, deploymentId, async () => {
    const { data } = await ctx.octokit.rest.repos.listDeploymentStatuses({
      owner: ctx.owner,
      repo: ctx.repo,
      deployment_id: deploymentId,
      per_page: 1
    })
    return data[0]
  })
}

/**
 * Creates the deployment with ONE request. The request policy never
 * repeats this POST (see request-policy.ts): after a 5xx or a dropped
 * connection GitHub may have applied it, and a blind repeat would be a
 * second deployment; the caller (ensureDeployment) lists again instead.
 */
export async function createOnce(
  ctx: RepoContext,
  request: DeploymentRequest
): Promise<GitHubDeployment> {
  const response = await ctx.octokit.rest.repos.createDeployment({
    owner: ctx.owner,
    repo: ctx.repo,
    // The full SHA, not a branch: the deployment is of exactly this commit.
    ref: request.sha,
    task: 'deploy',
    // No merging of the default branch into the ref, and no re-check of
    // the commit's statuses: Rehearse's own gate decides.
    auto_merge: false,
    required_contexts: [],
    environment: request.environment,
    payload: { ...request.payload },
    description: truncate(request.description),
    transient_environment: request.transient,
    production_environment: request.production,
    request: { retries: 0 }
  })
  const { data } = response
  if (!('id' in data)) {
    // 202: GitHub merged instead of deploying; cannot happen with
    // auto_merge false, so say exactly what came back.
    throw new Error(
      `GitHub did not create the ${request.environment} deployment (${response.status}: ${data.message ?? 'no message'}).`
    )
  }
  return data
}
