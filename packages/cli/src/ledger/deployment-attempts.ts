import type { DeploymentRecord, DeploymentState } from '@rehearse/engine'
import type { LedgerData, StoredDeployment } from './ledger-data.js'
import { deploymentsOf, toRecord } from './ledger-data.js'

/**
 * One run of a deployment. A commit deployed again reuses its deployment
 * (one per environment and SHA), so a deployment's history may hold
 * several attempts: each starts with `in_progress` and ends with the next
 * final state.
 */
export interface DeploymentAttempt {
  readonly deployment: DeploymentRecord
  /**
   * How it ended; `in_progress` while it runs (or when its run died and
   * nothing recorded the end yet); undefined when it never started.
   */
  readonly state: Exclude<DeploymentState, 'inactive'> | undefined
  /** When it started (or, with no start recorded, when it ended). */
  readonly startedAt: string
  /** Set when both its start and its end were recorded. */
  readonly durationMs: number | undefined
  /** The final state's description, e.g. `Step "Deploy" failed`. */
  readonly description: string | undefined
}

/** The environment's attempts, newest start first. */
export function attemptsOf(
  data: LedgerData,
  environment: string
): DeploymentAttempt[] {
  const all = deploymentsOf(data, environment).flatMap(attemptsOfDeployment)
  // Sorted by start, then by deployment and attempt order: stable for
  // attempts that started in the same millisecond.
  return all
    .map((attempt, order) => ({ attempt, order }))
    .sort(
      (a, b) =>
        Date.parse(b.attempt.startedAt) - Date.parse(a.attempt.startedAt) ||
        a.order - b.order
    )
    .map(({ attempt }) => attempt)
}

function attemptsOfDeployment(stored: StoredDeployment): DeploymentAttempt[] {
  const deployment = toRecord(stored)
  if (stored.history.length === 0) {
    return [attempt(deployment, undefined, stored.createdAt)]
  }
  const attempts: DeploymentAttempt[] = []
  let started: string | undefined
  for (const event of stored.history) {
    // `inactive` is a later deployment superseding this one, not a run.
    if (event.state === 'inactive') continue
    if (event.state === 'in_progress') {
      if (started) attempts.push(attempt(deployment, 'in_progress', started))
      started = event.at
      continue
    }
    // A final state with no start after an earlier attempt is the release
    // marked again (a rollback restoring it: "Serving again"), not a run.
    if (!started && attempts.length > 0) continue
    attempts.push(
      attempt(deployment, event.state, started ?? event.at, {
        endedAt: started ? event.at : undefined,
        description: event.description
      })
    )
    started = undefined
  }
  if (started) attempts.push(attempt(deployment, 'in_progress', started))
  // Newest first within the deployment too.
  return attempts.reverse()
}

function attempt(
  deployment: DeploymentRecord,
  state: DeploymentAttempt['state'],
  startedAt: string,
  end: { endedAt?: string; description?: string } = {}
): DeploymentAttempt {
  const took = end.endedAt
    ? Date.parse(end.endedAt) - Date.parse(startedAt)
    : NaN
  return {
    deployment,
    state,
    startedAt,
    durationMs: Number.isFinite(took) && took >= 0 ? took : undefined,
    description: end.description
  }
}
