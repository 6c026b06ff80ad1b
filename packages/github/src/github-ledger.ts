import type { Octokit } from '@octokit/rest'
import type { DeploymentState, Ledger } from '@rehearse/engine'
import { readStages, setStage } from './commit-statuses.js'
import {
  findDeployment,
  lastSuccessfulDeployment,
  listDeployments,
  recentDeployments
} from './deployment-queries.js'
import { ensureDeployment } from './ensure-deployment.js'
import {
  deactivateAll,
  deleteEnvironment,
  environmentsNamed
} from './environments.js'
import { readReport, saveReport } from './stage-reports.js'
import { callGitHub } from './github-errors.js'
import type { GitHubCall } from './github-errors.js'
import { fullName, fullSha, truncate } from './repo-context.js'
import type { RepoContext } from './repo-context.js'

/** Where the ledger keeps its records. */
export interface GitHubLedgerOptions {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
  /** `log_url`/`target_url` when a call gives none: usually `runLogUrl()`. */
  readonly logUrl: string | undefined
  /** `environment_url` of deployment statuses when a call gives none. */
  readonly environmentUrlFallback?: string
  /** Where warnings go (duplicates found, retried creates); default octokit's log. */
  readonly warn?: (message: string) => void
}

const writeDeployments = (action: string): GitHubCall => ({
  action,
  permission: 'deployments: write'
})
const readDeployments = (action: string): GitHubCall => ({
  action,
  permission: 'deployments: read'
})

/** Deployment details as {@link Ledger.setDeploymentState} takes them. */
type StateDetails = Parameters<Ledger['setDeploymentState']>[2]

/**
 * The {@link Ledger} on GitHub: one Deployment per environment and SHA
 * with its statuses, and `rehearse/<environment>/<stage>` commit statuses.
 */
export function createGitHubLedger(options: GitHubLedgerOptions): Ledger {
  const { octokit, owner, repo, logUrl, environmentUrlFallback } = options
  const ctx: RepoContext = {
    octokit,
    owner,
    repo,
    warn: options.warn ?? (message => octokit.log.warn(message))
  }
  const call = <T>(what: GitHubCall, run: () => Promise<T>) =>
    callGitHub(what, fullName(ctx), run)
  return {
    ensureDeployment: request =>
      call(
        writeDeployments(`recording the ${request.environment} deployment`),
        () => ensureDeployment(ctx, { ...request, sha: fullSha(request.sha) })
      ),
    setDeploymentState: (id, state, details) =>
      call(writeDeployments(`setting deployment ${id} to ${state}`), () =>
        postState(ctx, id, state, {
          ...details,
          logUrl: details.logUrl ?? logUrl,
          environmentUrl: details.environmentUrl ?? environmentUrlFallback
        })
      ),
    findDeployment: (environment, sha) =>
      call(readDeployments(`reading ${environment} deployments`), () =>
        findDeployment(ctx, environment, fullSha(sha))
      ),
    recentDeployments: (environment, limit) =>
      call(readDeployments(`reading ${environment} deployments`), () =>
        recentDeployments(ctx, environment, limit)
      ),
    listDeployments: (environment, limit) =>
      call(readDeployments(`reading ${environment} deployments`), () =>
        listDeployments(ctx, environment, limit)
      ),
    lastSuccessfulDeployment: environment =>
      call(readDeployments(`reading ${environment} deployments`), () =>
        lastSuccessfulDeployment(ctx, environment)
      ),
    setStage: (sha, status) =>
      call(
        {
          action: `posting the ${status.environment}/${status.stage} status`,
          permission: 'statuses: write'
        },
        () =>
          setStage(ctx, fullSha(sha), {
            ...status,
            targetUrl: status.targetUrl ?? logUrl
          })
      ),
    readStages: sha =>
      call(
        { action: 'reading commit statuses', permission: 'statuses: read' },
        () => readStages(ctx, fullSha(sha))
      ),
    saveReport: (sha, environment, stage, report) =>
      call(
        {
          action: `saving the ${environment}/${stage} report`,
          permission: 'checks: write'
        },
        () => saveReport(ctx, fullSha(sha), environment, stage, report)
      ),
    readReport: (sha, environment, stage) =>
      call(
        {
          action: `reading the ${environment}/${stage} report`,
          permission: 'checks: read'
        },
        () => readReport(ctx, fullSha(sha), environment, stage)
      ),
    retireEnvironment: async environment => {
      const deactivated = await call(
        writeDeployments(`marking the ${environment} deployments inactive`),
        () => deactivateAll(ctx, environment)
      )
      const deletion = await call(
        {
          action: `deleting the ${environment} environment`,
          permission: 'administration: write'
        },
        () => deleteEnvironment(ctx, environment)
      )
      return { deactivated, ...deletion }
    },
    environmentsNamed: prefix =>
      call(
        { action: 'listing environments', permission: 'actions: read' },
        () => environmentsNamed(ctx, prefix)
      )
  }
}

async function postState(
  ctx: RepoContext,
  id: string,
  state: DeploymentState,
  details: StateDetails
): Promise<void> {
  const deploymentId = Number(id)
  if (!Number.isSafeInteger(deploymentId))
    throw new Error(`not a GitHub deployment id: "${id}"`)
  // A repeated POST (the request policy's retry after a 5xx) adds the same
  // state again: harmless, so this write keeps its retries.
  await ctx.octokit.rest.repos.createDeploymentStatus({
    owner: ctx.owner,
    repo: ctx.repo,
    deployment_id: deploymentId,
    state,
    description: truncate(details.description ?? ''),
    ...(details.logUrl ? { log_url: details.logUrl } : {}),
    ...(details.environmentUrl
      ? { environment_url: details.environmentUrl }
      : {}),
    // Marks the environment's previous successful deployments inactive, so
    // GitHub shows one live deployment per environment.
    ...(state === 'success' ? { auto_inactive: true } : {})
  })
}
