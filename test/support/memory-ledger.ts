import type {
  Clock,
  DeploymentRequest,
  DeploymentState,
  Ledger,
  StageReport,
  StageState
} from '@rehearse/engine'
import { listedOf } from '@rehearse/engine'
import type {
  LedgerSnapshot,
  MemoryCommitStatus,
  MemoryDeployment,
  MemoryDeploymentEvent
} from './memory-ledger-data.js'
import {
  latestStages,
  latestState,
  stageContext,
  toRecord
} from './memory-ledger-data.js'

/** A {@link Ledger} in memory, plus what tests want to look at. */
export interface MemoryLedger extends Ledger {
  /** A deep copy of everything recorded so far. */
  snapshot(): LedgerSnapshot
  /**
   * Posts a commit status of another tool (`ci/build`), as GitHub would
   * hold it next to Rehearse's; {@link Ledger.readStages} ignores it.
   */
  postStatus(
    sha: string,
    status: { context: string; state: StageState; description?: string }
  ): Promise<void>
}

type StateDetails = Parameters<Ledger['setDeploymentState']>[2]

/**
 * The Ledger with GitHub's semantics as the CLI's file ledger has them:
 * one deployment per environment and SHA; a state history; a success of a
 * non-production, non-transient deployment marks the environment's other
 * successful deployments inactive (`auto_inactive`); the latest status per
 * `rehearse/<environment>/<stage>` context; the latest report per SHA,
 * environment and stage; a retired environment (its deployments inactive)
 * is not listed until deployed again. Values are copied in and out, as if
 * serialized.
 */
export function createMemoryLedger(
  options: { clock?: Clock } = {}
): MemoryLedger {
  const now = () => (options.clock?.now() ?? new Date()).toISOString()
  const deployments: MemoryDeployment[] = []
  const statuses: Record<string, MemoryCommitStatus[]> = {}
  const reports: Record<string, StageReport> = {}
  // When each deployment last became successful, in event order: the last
  // successful deployment is the one that became so most recently (a
  // re-deploy of an older SHA reuses its deployment), never mind ties in time.
  const successes = new Map<string, number>()
  let events = 0
  // Environments retired (a per-PR one torn down) and not deployed since.
  const retired = new Set<string>()

  const find = (environment: string, sha: string) =>
    deployments.find(d => d.environment === environment && d.sha === sha)
  const of = (environment: string) =>
    deployments
      .filter(d => d.environment === environment)
      .sort((a, b) => Number(b.id) - Number(a.id))
  const post = (sha: string, status: Omit<MemoryCommitStatus, 'at'>) => {
    ;(statuses[sha] ??= []).push(structuredClone({ ...status, at: now() }))
  }

  const ensure = (request: DeploymentRequest): MemoryDeployment => {
    retired.delete(request.environment)
    const existing = find(request.environment, request.sha)
    if (existing) return existing
    const created: MemoryDeployment = {
      id: String(deployments.length + 1),
      environment: request.environment,
      sha: request.sha,
      production: request.production,
      transient: request.transient,
      description: request.description,
      payload: structuredClone(request.payload),
      createdAt: now(),
      history: []
    }
    deployments.push(created)
    return created
  }

  const setState = (
    id: string,
    state: DeploymentState,
    details: StateDetails
  ): void => {
    const deployment = deployments.find(d => d.id === id)
    if (!deployment)
      throw new Error(`the memory ledger has no deployment ${id}`)
    const at = now()
    deployment.history.push(event(state, details, at))
    if (details.environmentUrl)
      deployment.environmentUrl = details.environmentUrl
    if (state !== 'success') return
    successes.set(id, ++events)
    if (deployment.production || deployment.transient) return
    for (const other of of(deployment.environment)) {
      if (other.id === id || latestState(other) !== 'success') continue
      const description = `superseded by deployment ${id}`
      other.history.push(event('inactive', { description }, at))
    }
  }

  const lastSuccessful = (environment: string) => {
    const live = of(environment).filter(d => latestState(d) === 'success')
    const order = (d: MemoryDeployment) => successes.get(d.id) ?? 0
    return live.sort((a, b) => order(b) - order(a))[0]
  }

  return {
    ensureDeployment: async request => toRecord(ensure(request)),
    setDeploymentState: async (id, state, details) =>
      setState(id, state, details),
    findDeployment: async (environment, sha) => {
      const found = find(environment, sha)
      return found && toRecord(found)
    },
    recentDeployments: async (environment, limit) =>
      of(environment).slice(0, Math.max(0, limit)).map(toRecord),
    listDeployments: async (environment, limit) =>
      of(environment)
        .slice(0, Math.max(0, limit))
        .map(d => listedOf(toRecord(d))),
    lastSuccessfulDeployment: async environment => {
      const found = lastSuccessful(environment)
      return found && toRecord(found)
    },
    setStage: async (sha, { environment, stage, ...status }) =>
      post(sha, { context: stageContext(environment, stage), ...status }),
    readStages: async sha => latestStages(statuses[sha] ?? []),
    saveReport: async (sha, environment, stage, report) => {
      reports[`${sha}/${environment}/${stage}`] = structuredClone(report)
    },
    readReport: async (sha, environment, stage) => {
      const report = reports[`${sha}/${environment}/${stage}`]
      return report && structuredClone(report)
    },
    retireEnvironment: async environment => {
      const at = now()
      const live = of(environment).filter(d => latestState(d) !== 'inactive')
      for (const deployment of live)
        deployment.history.push(
          event('inactive', { description: 'environment torn down' }, at)
        )
      retired.add(environment)
      return { deactivated: live.length, deleted: true }
    },
    environmentsNamed: async prefix =>
      [...new Set(deployments.map(d => d.environment))]
        .filter(name => name.startsWith(prefix) && !retired.has(name))
        .map(name => ({ name, lastDeployedAt: lastActivity(of(name)) })),
    postStatus: async (sha, { description = '', ...status }) =>
      post(sha, { ...status, description }),
    snapshot: () => structuredClone({ deployments, statuses, reports })
  }
}

// The newest state change (or creation) among the deployments.
function lastActivity(
  deployments: readonly MemoryDeployment[]
): string | undefined {
  const times = deployments.map(d => d.history.at(-1)?.at ?? d.createdAt)
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0]
}

function event(
  state: DeploymentState,
  details: StateDetails,
  at: string
): MemoryDeploymentEvent {
  // Only the keys given, as the file ledger stores them.
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
