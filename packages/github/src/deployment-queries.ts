import type { DeploymentRecord } from '@rehearse/engine'
import { toDeploymentRecord } from './deployment-record.js'
import type { GitHubDeployment } from './deployment-record.js'
import { findOne, latestStatus, listPage } from './deployments-api.js'
import type { RepoContext } from './repo-context.js'

// GitHub's largest page; also the cap on how far back we look, since each
// deployment costs one more request for its latest status.
const MAX_DEPLOYMENTS = 100
// Small pages for the "last success" search: with auto_inactive the
// answer is almost always among the newest few.
const SEARCH_PAGE = 10

async function withStatuses(
  ctx: RepoContext,
  deployments: readonly GitHubDeployment[]
): Promise<DeploymentRecord[]> {
  const latest = await Promise.all(
    deployments.map(d => latestStatus(ctx, d.id))
  )
  return deployments.map((d, i) => toDeploymentRecord(d, latest[i]))
}

/** The deployment of the environment at the commit, with its latest state. */
export async function findDeployment(
  ctx: RepoContext,
  environment: string,
  sha: string
): Promise<DeploymentRecord | undefined> {
  const found = await findOne(ctx, environment, sha)
  if (!found) return undefined
  const [record] = await withStatuses(ctx, [found])
  return record
}

/** The environment's newest `limit` (at most 100) deployments, newest first. */
export async function recentDeployments(
  ctx: RepoContext,
  environment: string,
  limit: number
): Promise<DeploymentRecord[]> {
  const count = Math.min(Math.max(Math.floor(limit), 0), MAX_DEPLOYMENTS)
  if (count === 0) return []
  return withStatuses(ctx, await listPage(ctx, environment, count, 1))
}

/**
 * The newest deployment of the environment whose latest state is success,
 * looking at most 100 deployments back.
 */
export async function lastSuccessfulDeployment(
  ctx: RepoContext,
  environment: string
): Promise<DeploymentRecord | undefined> {
  for (let page = 1; page * SEARCH_PAGE <= MAX_DEPLOYMENTS; page += 1) {
    const deployments = await listPage(ctx, environment, SEARCH_PAGE, page)
    const records = await withStatuses(ctx, deployments)
    const success = records.find(r => r.state === 'success')
    if (success) return success
    if (deployments.length < SEARCH_PAGE) return undefined
  }
  return undefined
}
