/** Repository role as GitHub stores it; `none` is a known non-collaborator. */
export type Permission =
  'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'

/** A deployment as the emulator keeps it; rendered to GitHub's shape on read. */
export interface DeploymentRecord {
  id: number
  sha: string
  ref: string
  task: string
  payload: Record<string, unknown> | string
  environment: string
  originalEnvironment: string
  description: string | null
  transientEnvironment: boolean
  productionEnvironment: boolean
  autoMerge: boolean
  requiredContexts: string[] | undefined
  creator: string
  createdAt: string
  updatedAt: string
}

/**
 * A repository environment. As on GitHub, one comes into existence with
 * the first deployment to its name (and again after being deleted).
 */
export interface EnvironmentRecord {
  id: number
  name: string
  createdAt: string
  updatedAt: string
}

export type DeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success'

export interface DeploymentStatusRecord {
  id: number
  deploymentId: number
  state: DeploymentState
  description: string
  environment: string
  logUrl: string
  environmentUrl: string
  creator: string
  createdAt: string
}

export type CommitState = 'error' | 'failure' | 'pending' | 'success'

export interface CommitStatusRecord {
  id: number
  sha: string
  state: CommitState
  context: string
  description: string | null
  targetUrl: string | null
  creator: string
  createdAt: string
}

export interface CheckRunRecord {
  id: number
  headSha: string
  name: string
  status: string
  conclusion: string | null
  startedAt: string | null
  completedAt: string | null
  detailsUrl: string | null
  externalId: string | null
  output: { title: string | null; summary: string | null; text: string | null }
  checkSuiteId: number
  createdAt: string
}

/**
 * A check suite: GitHub makes one per commit and app when it receives a
 * push (or when the app reports the first check run); `createdAt` is
 * GitHub's own time, which pr-command reads as the head's arrival.
 */
export interface CheckSuiteRecord {
  id: number
  headSha: string
  /** The branch the push went to; null when created by a check run. */
  headBranch: string | null
  /** The ref's sha before the push, when a push created it. */
  before: string | null
  createdAt: string
  updatedAt: string
}

/**
 * A stored pull request or issue event, e.g. `head_ref_force_pushed`
 * (`commitId` is the new head). Comments and commits are not stored
 * here: the timeline renders them from comments and from git.
 */
export interface IssueEventRecord {
  id: number
  issueNumber: number
  event: string
  actor: string
  commitId: string | null
  createdAt: string
}

export interface PullRecord {
  number: number
  id: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  draft: boolean
  merged: boolean
  mergeCommitSha: string | null
  user: string
  head: { ref: string; sha: string; repo: string }
  base: { ref: string; sha: string }
  labels: string[]
  /** Overrides the association derived from owner/collaborators. */
  authorAssociation: string | undefined
  createdAt: string
  updatedAt: string
}

export interface IssueRecord {
  number: number
  id: number
  title: string
  user: string
  state: 'open' | 'closed'
  createdAt: string
  /** Set by the issues API (create, update); seeded issues may lack them. */
  body?: string | null
  labels?: string[]
  updatedAt?: string
  closedAt?: string | null
  stateReason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  closedBy?: string | null
}

export interface CommentRecord {
  id: number
  issueNumber: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
}

export type ReactionContent =
  '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes'

export interface ReactionRecord {
  id: number
  subject: { kind: 'issue' | 'comment'; id: number }
  content: ReactionContent
  user: string
  createdAt: string
}

/** Everything the emulator knows; tests may read and seed it directly. */
export interface EmulatorState {
  owner: string
  repo: string
  repoId: number
  defaultBranch: string
  deployments: DeploymentRecord[]
  deploymentStatuses: DeploymentStatusRecord[]
  environments: EnvironmentRecord[]
  /**
   * Answer `DELETE …/environments/{name}` 403 like GitHub does for
   * GITHUB_TOKEN, which cannot have administration: write.
   */
  denyEnvironmentDeletes: boolean
  commitStatuses: CommitStatusRecord[]
  checkRuns: CheckRunRecord[]
  checkSuites: CheckSuiteRecord[]
  issueEvents: IssueEventRecord[]
  pulls: PullRecord[]
  issues: IssueRecord[]
  comments: CommentRecord[]
  reactions: ReactionRecord[]
  /** Fully qualified ref name (refs/heads/main) to object sha. */
  refs: Map<string, string>
  collaborators: Map<string, Permission>
  /** Last id handed out; ids are shared across kinds, like GitHub's. */
  lastId: number
  lastNumber: number
}

/** A fresh state; the owner is an admin unless `collaborators` says else. */
export function createState(
  owner: string,
  repo: string,
  defaultBranch: string,
  collaborators: Record<string, Permission> = {}
): EmulatorState {
  return {
    owner,
    repo,
    repoId: 1296269,
    defaultBranch,
    deployments: [],
    deploymentStatuses: [],
    environments: [],
    denyEnvironmentDeletes: false,
    commitStatuses: [],
    checkRuns: [],
    checkSuites: [],
    issueEvents: [],
    pulls: [],
    issues: [],
    comments: [],
    reactions: [],
    refs: new Map(),
    collaborators: new Map(
      Object.entries({ [owner]: 'admin', ...collaborators })
    ),
    lastId: 1000,
    lastNumber: 0
  }
}

/** Next id, strictly increasing, so "newest first" is "highest id first". */
export function nextId(state: EmulatorState): number {
  state.lastId += 1
  return state.lastId
}

/** Issue and pull request numbers share one sequence, as on GitHub. */
export function nextNumber(state: EmulatorState): number {
  state.lastNumber += 1
  return state.lastNumber
}

/** GitHub's timestamp format: UTC, second precision. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Removes matching items in place, so references held by tests stay live. */
export function removeWhere<T>(
  items: T[],
  predicate: (item: T) => boolean
): void {
  for (let index = items.length - 1; index >= 0; index--) {
    if (predicate(items[index] as T)) items.splice(index, 1)
  }
}
