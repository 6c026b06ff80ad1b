import { listedOf } from '@rehearse/engine'
import type { DeploymentRecord, ListedDeployment } from '@rehearse/engine'
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

// The environment's newest `limit` (at most 100) deployments: one listing.
async function newestListed(
  ctx: RepoContext,
  environment: string,
  limit: number
): Promise<GitHubDeployment[]> {
  const count = Math.min(Math.max(Math.floor(limit), 0), MAX_DEPLOYMENTS)
  return count === 0 ? [] : listPage(ctx, environment, count, 1)
}

/** The environment's newest `limit` (at most 100) deployments, newest first. */
export async function recentDeployments(
  ctx: RepoContext,
  environment: string,
  limit: number
): Promise<DeploymentRecord[]> {
  return withStatuses(ctx, await newestListed(ctx, environment, limit))
}

/** The environment's newest `limit` (at most 100) deployments, no states: one listing. */
export async function listDeployments(
  ctx: RepoContext,
  environment: string,
  limit: number
): Promise<ListedDeployment[]> {
  const listed = await newestListed(ctx, environment, limit)
  return listed.map(d => listedOf(toDeploymentRecord(d, undefined)))
}

/**
 * The deployment of the environment that most recently became successful
 * and still is, looking at most 100 deployments back. Not simply the
 * newest-created one: a redeploy of an older commit reuses its older
 * deployment, and GitHub never marks production deployments inactive.
 * Status ids only grow, so the highest one is the latest success.
 */
export async function lastSuccessfulDeployment(
  ctx: RepoContext,
  environment: string
): Promise<DeploymentRecord | undefined> {
  for (let page = 1; page * SEARCH_PAGE <= MAX_DEPLOYMENTS; page += 1) {
    const deployments = await listPage(ctx, environment, SEARCH_PAGE, page)
    const latest = await Promise.all(
      deployments.map(d => latestStatus(ctx, d.id))
    )
    let best: { index: number; statusId: number } | undefined
    latest.forEach((status, index) => {
      if (status?.state !== 'success') return
      if (!best || status.id > best.statusId)
        best = { index, statusId: status.id }
    })
    const found = best && deployments[best.index]
    if (found) return toDeploymentRecord(found, latest[best!.index])
    if (deployments.length < SEARCH_PAGE) return undefined
  }
  return undefined
}
