import type { RestEndpointMethodTypes } from '@octokit/rest'
import type {
  DeploymentPayload,
  DeploymentRecord,
  DeploymentState
} from '@rehearse/engine'

/** A deployment as GitHub's REST API returns it. */
export type GitHubDeployment =
  RestEndpointMethodTypes['repos']['getDeployment']['response']['data']

/** A deployment status as GitHub's REST API returns it. */
export type GitHubDeploymentStatus =
  RestEndpointMethodTypes['repos']['listDeploymentStatuses']['response']['data'][number]

// `queued` and `pending` are GitHub's "not finished yet"; Rehearse only
// distinguishes running from done.
const STATES: Record<GitHubDeploymentStatus['state'], DeploymentState> = {
  queued: 'in_progress',
  pending: 'in_progress',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'error',
  inactive: 'inactive'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The Rehearse payload of a deployment, or undefined when it is not one
 * (created by another tool, or unreadable). GitHub may hand the payload
 * back as an object or as the JSON string it was stored as.
 */
export function parsePayload(raw: unknown): DeploymentPayload | undefined {
  let value = raw
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown
    } catch {
      return undefined
    }
  }
  if (!isRecord(value) || value.rehearse !== 1) return undefined
  const { fingerprint, parts, plan, variables } = value
  if (typeof fingerprint !== 'string' || !isRecord(parts) || !isRecord(plan))
    return undefined
  if (!Array.isArray(variables)) return undefined
  return value as unknown as DeploymentPayload
}

/** A GitHub deployment and its latest status as a Rehearse record. */
export function toDeploymentRecord(
  deployment: GitHubDeployment,
  latest: GitHubDeploymentStatus | undefined
): DeploymentRecord {
  const payload = parsePayload(deployment.payload)
  return {
    id: String(deployment.id),
    environment: deployment.environment,
    sha: deployment.sha,
    state: latest ? STATES[latest.state] : undefined,
    payload,
    environmentUrl: latest?.environment_url || undefined,
    createdAt: deployment.created_at,
    updatedAt: latest?.created_at ?? deployment.updated_at,
    ...creatorOf(payload)
  }
}

// Who asked for it is the payload's creator (the workflow's actor), not
// GitHub's `creator`, which is the token's user: github-actions[bot].
function creatorOf(payload: DeploymentPayload | undefined): {
  creator?: string
} {
  const creator: unknown = payload?.creator
  return typeof creator === 'string' && creator !== '' ? { creator } : {}
}

/**
 * The first-created of several deployments (lowest id: GitHub's ids only
 * grow), so every run that finds duplicates settles on the same one.
 */
export function oldest(
  deployments: readonly GitHubDeployment[]
): GitHubDeployment | undefined {
  return deployments.reduce<GitHubDeployment | undefined>(
    (best, d) => (best === undefined || d.id < best.id ? d : best),
    undefined
  )
}
