import { ConfigurationError } from '@rehearse/core'
import type { DeploymentState } from '@rehearse/engine'
import type {
  DeploymentEvent,
  LedgerData,
  StoredDeployment
} from './ledger-data.js'
import { deploymentsOf } from './ledger-data.js'

/** What a state change may carry besides the state. */
export interface StateDetails {
  readonly environmentUrl?: string
  readonly logUrl?: string
  readonly description?: string
}

/**
 * Appends a state to a deployment's history. Like GitHub's `auto_inactive`,
 * a success of a non-production, non-transient deployment marks the
 * environment's other successful deployments inactive: an environment runs
 * one release at a time.
 */
export function setState(
  data: LedgerData,
  id: string,
  state: DeploymentState,
  details: StateDetails,
  now: string
): void {
  const deployment = data.deployments.find(d => d.id === id)
  if (!deployment) {
    throw new ConfigurationError(
      `the ledger has no deployment ${id}: it was edited or deleted while rehearse ran. Run the deploy again.`
    )
  }
  deployment.history.push(event(state, details, now))
  if (details.environmentUrl) deployment.environmentUrl = details.environmentUrl
  if (state !== 'success' || deployment.production || deployment.transient) {
    return
  }
  for (const other of deploymentsOf(data, deployment.environment)) {
    if (other.id === id || latestState(other) !== 'success') continue
    other.history.push(
      event('inactive', { description: `superseded by deployment ${id}` }, now)
    )
  }
}

function event(
  state: DeploymentState,
  details: StateDetails,
  at: string
): DeploymentEvent {
  // Only defined keys: the file stays readable and JSON round-trips exactly.
  return {
    state,
    at,
    ...(details.description ? { description: details.description } : {}),
    ...(details.logUrl ? { logUrl: details.logUrl } : {}),
    ...(details.environmentUrl
      ? { environmentUrl: details.environmentUrl }
      : {})
  }
}

/** The state of the newest history entry. */
export function latestState(
  deployment: StoredDeployment
): DeploymentState | undefined {
  return deployment.history.at(-1)?.state
}

/**
 * The deployment that most recently became successful and still is. By
 * success time rather than creation: a re-deploy of an older SHA reuses its
 * deployment, and is then what the environment runs.
 */
export function lastSuccessful(
  data: LedgerData,
  environment: string
): StoredDeployment | undefined {
  let best: StoredDeployment | undefined
  let bestAt = -Infinity
  for (const deployment of deploymentsOf(data, environment)) {
    const last = deployment.history.at(-1)
    if (last?.state !== 'success') continue
    const at = Date.parse(last.at)
    if (at > bestAt) {
      best = deployment
      bestAt = at
    }
  }
  return best
}
