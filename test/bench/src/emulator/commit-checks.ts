import type {
  CheckRunRecord,
  CommitStatusRecord,
  DeploymentStatusRecord,
  EmulatorState
} from './state.js'

/** A status context and its current state, as GitHub lists them in 409s. */
export interface ContextState {
  context: string
  state: string
}

/** Keeps the newest record per key (records are in creation order). */
function latestBy<T>(
  records: readonly T[],
  key: (record: T) => string
): Map<string, T> {
  const latest = new Map<string, T>()
  for (const record of records) latest.set(key(record), record)
  return latest
}

/** Latest commit status per context for a commit, oldest context first. */
export function latestCommitStatuses(
  state: EmulatorState,
  sha: string
): CommitStatusRecord[] {
  const forSha = state.commitStatuses.filter(status => status.sha === sha)
  return [...latestBy(forSha, status => status.context).values()]
}

/** Latest check run per name for a commit. */
export function latestCheckRuns(
  state: EmulatorState,
  sha: string
): CheckRunRecord[] {
  const forSha = state.checkRuns.filter(run => run.headSha === sha)
  return [...latestBy(forSha, run => run.name).values()]
}

/**
 * GitHub's combined state: failure if any error/failure, pending if any
 * pending or nothing reported, success otherwise.
 */
export function combinedState(statuses: readonly CommitStatusRecord[]): string {
  if (statuses.some(s => s.state === 'error' || s.state === 'failure'))
    return 'failure'
  if (statuses.length === 0 || statuses.some(s => s.state === 'pending'))
    return 'pending'
  return 'success'
}

/**
 * Every context a deployment of `sha` is checked against: commit statuses
 * and check runs (an unfinished check run counts as pending).
 */
export function contextStates(
  state: EmulatorState,
  sha: string
): ContextState[] {
  const statuses = latestCommitStatuses(state, sha).map(s => ({
    context: s.context,
    state: s.state
  }))
  const checks = latestCheckRuns(state, sha).map(run => ({
    context: run.name,
    state:
      run.status === 'completed' ? (run.conclusion ?? 'pending') : 'pending'
  }))
  return [...statuses, ...checks]
}

/** The newest status of a deployment, if any. */
export function latestDeploymentStatus(
  state: EmulatorState,
  deploymentId: number
): DeploymentStatusRecord | undefined {
  return state.deploymentStatuses.findLast(
    status => status.deploymentId === deploymentId
  )
}
