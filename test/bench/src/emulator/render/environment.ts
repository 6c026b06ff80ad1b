import type { EnvironmentRecord } from '../state.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'

/** GitHub's `environment` (no protection rules, any branch may deploy). */
export function renderEnvironment(
  urls: Urls,
  e: EnvironmentRecord
): Record<string, unknown> {
  const name = encodeURIComponent(e.name)
  return {
    id: e.id,
    node_id: nodeId('Environment', e.id),
    name: e.name,
    url: `${urls.repoApi}/environments/${name}`,
    html_url: `${urls.repoWeb}/deployments/activity_log?environments_filter=${name}`,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    protection_rules: [],
    deployment_branch_policy: null
  }
}
