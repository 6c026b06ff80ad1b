import type { DeploymentRecord, DeploymentStatusRecord } from '../state.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'
import { renderApp, renderUser } from './user.js'

type Json = Record<string, unknown>

// GITHUB_TOKEN writes are attributed to the GitHub Actions app.
function viaApp(urls: Urls, creator: string): Json | null {
  return creator === 'github-actions[bot]' ? renderApp(urls) : null
}

/** GitHub's `deployment`. */
export function renderDeployment(urls: Urls, d: DeploymentRecord): Json {
  const url = `${urls.repoApi}/deployments/${d.id}`
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(urls, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: urls.repoApi,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: viaApp(urls, d.creator)
  }
}

/** GitHub's `deployment-status`. */
export function renderDeploymentStatus(
  urls: Urls,
  s: DeploymentStatusRecord
): Json {
  const deploymentUrl = `${urls.repoApi}/deployments/${s.deploymentId}`
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: renderUser(urls, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: deploymentUrl,
    repository_url: urls.repoApi,
    performed_via_github_app: viaApp(urls, s.creator)
  }
}
