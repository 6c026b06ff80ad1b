import type { LedgerEnvironment, RetiredEnvironment } from '@rehearse/engine'
import { latestStatus } from './deployments-api.js'
import { httpFailure } from './github-errors.js'
import type { RepoContext } from './repo-context.js'

// Enough of an environment's newest deployments to see its last activity:
// a redeploy of an older commit reuses (and updates) an older deployment.
const RECENT = 10
const PAGE = 100

/**
 * Marks every deployment of the environment inactive (all pages, every
 * task), skipping those already inactive; returns how many it marked.
 * Only this exact environment name: GitHub filters by equality.
 */
export async function deactivateAll(
  ctx: RepoContext,
  environment: string
): Promise<number> {
  const deployments = await ctx.octokit.paginate(
    ctx.octokit.rest.repos.listDeployments,
    { owner: ctx.owner, repo: ctx.repo, environment, per_page: 100 }
  )
  let marked = 0
  for (const deployment of deployments) {
    const latest = await latestStatus(ctx, deployment.id)
    if (latest?.state === 'inactive') continue
    await ctx.octokit.rest.repos.createDeploymentStatus({
      owner: ctx.owner,
      repo: ctx.repo,
      deployment_id: deployment.id,
      state: 'inactive',
      description: 'Environment torn down'
    })
    marked += 1
  }
  return marked
}

const ADMINISTRATION =
  'deleting a repository environment needs a token with administration: write (a GitHub App or fine-grained token as the token input), which GITHUB_TOKEN cannot have'

/**
 * Deletes the repository environment. GITHUB_TOKEN cannot: a 403 or 404
 * is no failure (the deployments are inactive already), only a note
 * saying which permission deletes it. Anything else is thrown.
 */
export async function deleteEnvironment(
  ctx: RepoContext,
  environment: string
): Promise<Pick<RetiredEnvironment, 'deleted' | 'note'>> {
  try {
    await ctx.octokit.rest.repos.deleteAnEnvironment({
      owner: ctx.owner,
      repo: ctx.repo,
      environment_name: environment
    })
    return { deleted: true }
  } catch (error) {
    const failure = httpFailure(error)
    if (failure?.status === 403)
      return {
        deleted: false,
        note: `GitHub refused to delete the environment ${environment} (403): ${ADMINISTRATION}. Its deployments are inactive; delete it under Settings → Environments, or give the token that permission.`
      }
    if (failure?.status === 404)
      return {
        deleted: false,
        note: `GitHub has no environment ${environment} this token can see (404): deleted already, or ${ADMINISTRATION}.`
      }
    throw error
  }
}

/**
 * The repository environments named `<prefix>…`, each with the newest
 * state change of its newest deployments as `lastDeployedAt`.
 */
export async function environmentsNamed(
  ctx: RepoContext,
  prefix: string
): Promise<LedgerEnvironment[]> {
  const named = (await allEnvironmentNames(ctx)).filter(name =>
    name.startsWith(prefix)
  )
  const found: LedgerEnvironment[] = []
  for (const name of named) {
    const { data } = await ctx.octokit.rest.repos.listDeployments({
      owner: ctx.owner,
      repo: ctx.repo,
      environment: name,
      per_page: RECENT
    })
    const times = data.map(d => d.updated_at)
    times.sort((a, b) => Date.parse(b) - Date.parse(a))
    found.push({ name, lastDeployedAt: times[0] })
  }
  return found
}

async function allEnvironmentNames(ctx: RepoContext): Promise<string[]> {
  const names: string[] = []
  for (let page = 1; ; page += 1) {
    const { data } = await ctx.octokit.rest.repos.getAllEnvironments({
      owner: ctx.owner,
      repo: ctx.repo,
      per_page: PAGE,
      page
    })
    const environments = data.environments ?? []
    names.push(...environments.map(environment => environment.name))
    if (environments.length < PAGE) return names
  }
}
