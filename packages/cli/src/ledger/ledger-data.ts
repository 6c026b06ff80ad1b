import type {
  DeploymentPayload,
  DeploymentRecord,
  DeploymentRequest,
  DeploymentState,
  StageReport,
  StageState,
  StageStatus
} from '@rehearse/engine'

/** One state change of a deployment (GitHub: a deployment status). */
export interface DeploymentEvent {
  readonly state: DeploymentState
  readonly at: string
  readonly description?: string
  readonly logUrl?: string
  readonly environmentUrl?: string
}

/** A deployment as stored in the ledger file, with its whole history. */
export interface StoredDeployment {
  readonly id: string
  readonly environment: string
  readonly sha: string
  readonly production: boolean
  readonly transient: boolean
  readonly description: string
  readonly payload: DeploymentPayload
  readonly createdAt: string
  environmentUrl?: string
  readonly history: DeploymentEvent[]
}

/** One report of a `rehearse/<environment>/<stage>` status. */
export interface StoredStage {
  readonly environment: string
  readonly stage: string
  readonly state: StageState
  readonly description: string
  readonly targetUrl?: string
  readonly at: string
}

/** The ledger file's contents. */
export interface LedgerData {
  readonly format: 'rehearse-ledger'
  readonly version: 1
  nextId: number
  readonly deployments: StoredDeployment[]
  /** Stage reports per commit SHA, oldest first. */
  readonly stages: Record<string, StoredStage[]>
  /** Latest stage report per `<sha>/<environment>/<stage>`. */
  reports?: Record<string, StageReport>
  /** Retired environments (torn down, not deployed since): when. */
  retired?: Record<string, string>
}

/** A ledger with nothing recorded yet. */
export function emptyLedger(): LedgerData {
  return {
    format: 'rehearse-ledger',
    version: 1,
    nextId: 1,
    deployments: [],
    stages: {}
  }
}

/** The latest state of a stored deployment, as the engine sees it. */
export function toRecord(stored: StoredDeployment): DeploymentRecord {
  const last = stored.history.at(-1)
  return {
    id: stored.id,
    environment: stored.environment,
    sha: stored.sha,
    state: last?.state,
    payload: stored.payload,
    environmentUrl: stored.environmentUrl,
    createdAt: stored.createdAt,
    updatedAt: last?.at ?? stored.createdAt,
    // Only when recorded: older ledgers' payloads have no creator.
    ...(typeof stored.payload.creator === 'string'
      ? { creator: stored.payload.creator }
      : {})
  }
}

/** The one deployment of the request's environment and SHA, created if none exists. */
export function ensureDeployment(
  data: LedgerData,
  request: DeploymentRequest,
  now: string
): StoredDeployment {
  const existing = findStored(data, request.environment, request.sha)
  if (existing) return existing
  const created: StoredDeployment = {
    id: String(data.nextId),
    environment: request.environment,
    sha: request.sha,
    production: request.production,
    transient: request.transient,
    description: request.description,
    payload: request.payload,
    createdAt: now,
    history: []
  }
  data.nextId += 1
  data.deployments.push(created)
  return created
}

/** The stored deployment of an environment and SHA, if any. */
export function findStored(
  data: LedgerData,
  environment: string,
  sha: string
): StoredDeployment | undefined {
  return data.deployments.find(
    d => d.environment === environment && d.sha === sha
  )
}

/** Deployments of an environment, newest (highest id) first. */
export function deploymentsOf(
  data: LedgerData,
  environment: string
): StoredDeployment[] {
  return data.deployments
    .filter(d => d.environment === environment)
    .sort((a, b) => Number(b.id) - Number(a.id))
}

/** Latest report per environment and stage for a SHA. */
export function latestStages(data: LedgerData, sha: string): StageStatus[] {
  const latest = new Map<string, StoredStage>()
  for (const report of data.stages[sha] ?? []) {
    latest.set(`${report.environment}/${report.stage}`, report)
  }
  return [...latest.values()].map(report => ({
    environment: report.environment,
    stage: report.stage,
    state: report.state,
    description: report.description,
    updatedAt: report.at
  }))
}
