import type {
  DeploymentPayload,
  DeploymentRecord,
  DeploymentState,
  StageReport,
  StageState,
  StageStatus
} from '@rehearse/engine'

/** One state change of a deployment (GitHub: a deployment status). */
export interface MemoryDeploymentEvent {
  readonly state: DeploymentState
  readonly at: string
  readonly description?: string
  readonly logUrl?: string
  readonly environmentUrl?: string
}

/** A deployment as the memory ledger keeps it, with its whole history. */
export interface MemoryDeployment {
  readonly id: string
  readonly environment: string
  readonly sha: string
  readonly production: boolean
  readonly transient: boolean
  readonly description: string
  readonly payload: DeploymentPayload
  readonly createdAt: string
  environmentUrl?: string
  readonly history: MemoryDeploymentEvent[]
}

/** A commit status: Rehearse's `rehearse/<env>/<stage>` or another tool's. */
export interface MemoryCommitStatus {
  readonly context: string
  readonly state: StageState
  readonly description: string
  readonly targetUrl?: string
  readonly at: string
}

/** Everything the memory ledger holds, for tests to inspect. */
export interface LedgerSnapshot {
  /** Every deployment, in creation order, with its whole state history. */
  readonly deployments: MemoryDeployment[]
  /** Every commit status per SHA, oldest first (superseded ones too). */
  readonly statuses: Record<string, MemoryCommitStatus[]>
  /** The latest report per `<sha>/<environment>/<stage>`. */
  readonly reports: Record<string, StageReport>
}

const PREFIX = 'rehearse/'

/** `rehearse/<environment>/<stage>`, as GitHub's commit status context. */
export function stageContext(environment: string, stage: string): string {
  return `${PREFIX}${environment}/${stage}`
}

/**
 * The environment and stage of a Rehearse context, or undefined for
 * another tool's. The stage is the last segment: an environment name may
 * contain a slash (`preview/pr-42`).
 */
export function parseStageContext(
  context: string
): { environment: string; stage: string } | undefined {
  if (!context.startsWith(PREFIX)) return undefined
  const rest = context.slice(PREFIX.length)
  const slash = rest.lastIndexOf('/')
  if (slash <= 0 || slash === rest.length - 1) return undefined
  return { environment: rest.slice(0, slash), stage: rest.slice(slash + 1) }
}

/** The latest status per Rehearse context, in first-posted order. */
export function latestStages(
  statuses: readonly MemoryCommitStatus[]
): StageStatus[] {
  const latest = new Map<string, MemoryCommitStatus>()
  for (const status of statuses) latest.set(status.context, status)
  return [...latest.values()].flatMap(status => {
    const parsed = parseStageContext(status.context)
    if (!parsed) return []
    const { state, description, at: updatedAt } = status
    return [{ ...parsed, state, description, updatedAt }]
  })
}

/** The engine's view of a deployment: its latest state. */
export function toRecord(stored: MemoryDeployment): DeploymentRecord {
  const last = stored.history.at(-1)
  const creator = stored.payload.creator
  return structuredClone({
    id: stored.id,
    environment: stored.environment,
    sha: stored.sha,
    state: last?.state,
    payload: stored.payload,
    environmentUrl: stored.environmentUrl,
    createdAt: stored.createdAt,
    updatedAt: last?.at ?? stored.createdAt,
    ...(creator === undefined ? {} : { creator })
  })
}

/** The state of the newest history entry. */
export function latestState(
  deployment: MemoryDeployment
): DeploymentState | undefined {
  return deployment.history.at(-1)?.state
}
