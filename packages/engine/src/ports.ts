/**
 * The engine's side effects, as small interfaces. The GitHub adapter
 * implements them with the REST API; the CLI with a local ledger file and
 * git. The engine never imports either.
 */

export type DeploymentState =
  'in_progress' | 'success' | 'failure' | 'error' | 'inactive'

export type StageState = 'pending' | 'success' | 'failure' | 'error'

/** Stages that post a `rehearse/<environment>/<stage>` status. */
export type Stage = 'deploy' | 'migrations' | 'smoke' | 'rollback'

/** What Rehearse stores with each deployment (GitHub: Deployment payload). */
export interface DeploymentPayload {
  readonly rehearse: 1
  readonly fingerprint: string
  readonly parts: Readonly<Record<string, string>>
  /** Plan summary a reviewer can read: step names, artifact, strategy. */
  readonly plan: {
    readonly steps: readonly string[]
    readonly artifact: string | undefined
    readonly strategy: string
  }
  /** Names of the environment's variables (values never leave the run). */
  readonly variables: readonly string[]
  /**
   * What was released: the deployed SHA, the SHA whose rehearsal let it
   * through (a tree-equal commit's when a merge is promoted; otherwise the
   * same SHA), and the artifact reference resolved for it.
   */
  readonly release?: {
    readonly sha: string
    readonly rehearsedSha: string
    readonly artifact: string | undefined
    /** blue-green: the slot this release lives in. */
    readonly slot?: 'blue' | 'green'
  }
  /** Who asked for it (GitHub: the workflow's actor; locally: the user). */
  readonly creator?: string
  /** A change freeze this deployment overrode: who, why, which. */
  readonly freezeOverride?: {
    readonly by: string
    readonly reason: string
    readonly freeze: string
  }
}

export interface DeploymentRecord {
  readonly id: string
  readonly environment: string
  readonly sha: string
  readonly state: DeploymentState | undefined
  readonly payload: DeploymentPayload | undefined
  readonly environmentUrl: string | undefined
  readonly createdAt: string
  /** When the latest state was set (ISO 8601). */
  readonly updatedAt: string
  /** Who asked for it, when recorded (the payload's creator). */
  readonly creator?: string
}

/**
 * A deployment as a listing shows it, without its state: on GitHub each
 * deployment's state costs one more request, so questions that need only
 * which commits were deployed (tree-equal rehearsals, data receipts) ask
 * for this instead, and read the state of the few that matter.
 */
export type ListedDeployment = Pick<
  DeploymentRecord,
  'id' | 'environment' | 'sha' | 'payload' | 'createdAt' | 'creator'
>

/** A record as {@link Ledger.listDeployments} gives it. */
export function listedOf(record: DeploymentRecord): ListedDeployment {
  const { id, environment, sha, payload, createdAt, creator } = record
  return creator === undefined
    ? { id, environment, sha, payload, createdAt }
    : { id, environment, sha, payload, createdAt, creator }
}

export interface StageStatus {
  readonly environment: string
  readonly stage: string
  readonly state: StageState
  readonly description: string
  readonly updatedAt: string
}

export interface DeploymentRequest {
  readonly environment: string
  readonly sha: string
  readonly payload: DeploymentPayload
  readonly production: boolean
  readonly transient: boolean
  readonly description: string
}

/**
 * A stage's machine-readable result for one SHA and environment, kept for
 * later runs: the migrations staging applied, the latency smoke measured.
 */
export interface StageReport {
  /** One line for people (GitHub: the check run's title). */
  readonly title: string
  /** Markdown for people (GitHub: the check run's summary). */
  readonly summary: string
  /** JSON-serializable data for later runs; at most ~60 KB. */
  readonly data: Readonly<Record<string, unknown>>
}

/** What {@link Ledger.retireEnvironment} did. */
export interface RetiredEnvironment {
  /** Deployments newly marked `inactive` (ones already inactive not counted). */
  readonly deactivated: number
  /** Whether the environment itself is gone (GitHub: deleted). */
  readonly deleted: boolean
  /** Why it was not deleted, and what would delete it. */
  readonly note?: string
}

/** An environment the ledger has deployments of. */
export interface LedgerEnvironment {
  readonly name: string
  /**
   * When it was last deployed (ISO 8601): the latest state change of its
   * newest deployments; undefined when it has none.
   */
  readonly lastDeployedAt: string | undefined
}

/** Deployments and stage statuses: GitHub's, or the CLI's ledger file. */
export interface Ledger {
  /** Returns the one deployment for this environment and SHA, creating it only if none exists. */
  ensureDeployment(request: DeploymentRequest): Promise<DeploymentRecord>
  setDeploymentState(
    id: string,
    state: DeploymentState,
    details: { environmentUrl?: string; logUrl?: string; description?: string }
  ): Promise<void>
  findDeployment(
    environment: string,
    sha: string
  ): Promise<DeploymentRecord | undefined>
  /** The environment's newest deployments, newest first (for tree-equal rehearsals). */
  recentDeployments(
    environment: string,
    limit: number
  ): Promise<DeploymentRecord[]>
  /**
   * The environment's newest deployments, newest first, without their
   * state: one listing, whatever `limit` is (at most 100).
   */
  listDeployments(
    environment: string,
    limit: number
  ): Promise<ListedDeployment[]>
  /** The newest deployment of the environment whose latest state is success. */
  lastSuccessfulDeployment(
    environment: string
  ): Promise<DeploymentRecord | undefined>
  setStage(
    sha: string,
    status: {
      environment: string
      stage: string
      state: StageState
      description: string
      targetUrl?: string
    }
  ): Promise<void>
  /** Latest status per `rehearse/<environment>/<stage>` context for the SHA. */
  readStages(sha: string): Promise<StageStatus[]>
  /** Keeps a stage's report for the SHA (GitHub: a neutral check run). */
  saveReport(
    sha: string,
    environment: string,
    stage: string,
    report: StageReport
  ): Promise<void>
  /** The latest report saved for the SHA, environment and stage. */
  readReport(
    sha: string,
    environment: string,
    stage: string
  ): Promise<StageReport | undefined>
  /**
   * Retires a per-PR environment after its teardown ran: every deployment
   * of it becomes `inactive`, then the environment is deleted (GitHub: the
   * repository environment; locally: no longer listed). Only this exact
   * environment: `preview/pr-4` never touches `preview/pr-42`. Deploying
   * it again brings it back. A deletion the token may not make is no
   * failure: `deleted: false` with a note saying what would delete it.
   */
  retireEnvironment(environment: string): Promise<RetiredEnvironment>
  /**
   * The live environments whose name starts with `prefix` (e.g.
   * `preview/pr-`), with when each was last deployed; retired ones are not
   * listed (on GitHub: unless their deletion was refused).
   */
  environmentsNamed(prefix: string): Promise<LedgerEnvironment[]>
}

/** Questions about the code being deployed. */
export interface SourceControl {
  /** Full SHA of the checked-out HEAD. */
  headSha(): Promise<string>
  /** Git tree SHA of a commit. */
  treeOf(sha: string): Promise<string>
  /** Whether the commit is reachable from the default branch. */
  isOnDefaultBranch(sha: string): Promise<boolean>
}

export interface Clock {
  now(): Date
}

export interface ProcessResult {
  readonly exitCode: number | null
  readonly signal: string | null
  readonly timedOut: boolean
  readonly cancelled: boolean
}

export interface ProcessRunner {
  run(
    command: string,
    options: {
      cwd: string
      env: Readonly<Record<string, string>>
      timeoutMs: number
      signal?: AbortSignal
      onOutput: (chunk: string) => void
    }
  ): Promise<ProcessResult>
}

/** Where progress goes: the Actions log, or the terminal. */
export interface Reporter {
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  group<T>(title: string, body: () => Promise<T>): Promise<T>
  /** Never print this value again (secrets). */
  mask(value: string): void
}

/** `run`: held for one workflow run and released by it; `hold`: until unlocked. */
export type LockKind = 'run' | 'hold'

/** Who wants an environment's lock, and why. */
export interface LockClaim {
  /** GitHub login (locally: the user name) the lock is held for. */
  readonly owner: string
  /** Why it is held; shown to everyone it refuses. Data only, never markup. */
  readonly reason: string
  /** The pull request the command came from, if any. */
  readonly pr?: number
  /** The run holding it: a lock this run claimed never blocks this run. */
  readonly runId: string
  /**
   * The run's attempt (GITHUB_RUN_ATTEMPT). GitHub runs one attempt of a
   * run at a time, so a lock an earlier attempt left (its runner was
   * killed before the post step) belongs to a run that is over: a re-run
   * takes it over, and gives it back at its end.
   */
  readonly attempt?: number
  readonly kind: LockKind
  /** Minutes after which an unreleased lock lapses; none: until unlocked. */
  readonly leaseMinutes?: number
  /**
   * A person's `run` may go inside their own `hold` lock (they locked the
   * environment to deploy to it); automation (a push deploy that happens
   * to carry their name) never does.
   */
  readonly nest?: boolean
}

/** A claim as it is stored: when it was taken and until when it holds. */
export interface StoredLockClaim extends LockClaim {
  readonly acquiredAt: string
  /** ISO 8601; undefined for a lock that never lapses. */
  readonly expiresAt: string | undefined
}

/** An environment's lock as it is now. */
export interface HeldLock extends StoredLockClaim {
  readonly environment: string
  /** This exact version of the lock (GitHub: its commit), for compare-and-delete. */
  readonly version: string
  /** The owner's `hold` lock this `run` lock was taken inside; restored on release. */
  readonly resumes?: StoredLockClaim
  /** Something holds the lock but cannot be read: it blocks everyone. */
  readonly unreadable?: boolean
}

/** What {@link Locks.acquire} got: the lock, or who holds it. */
export type LockAttempt =
  | { readonly acquired: true; readonly lock: HeldLock }
  | { readonly acquired: false; readonly heldBy: HeldLock }

/**
 * One lock per environment (GitHub: a git ref created atomically; the CLI:
 * a file next to the ledger). Taking it is atomic; releasing it is
 * compare-and-delete, so a replacement taken meanwhile is never removed.
 */
export interface Locks {
  /**
   * Takes the lock when it is free or lapsed, when this run already holds
   * it, or — for a `run` claim — inside a `hold` lock of the same owner.
   */
  acquire(environment: string, claim: LockClaim): Promise<LockAttempt>
  /**
   * Releases exactly this version: `released` when it was still in place,
   * `not-held` when it was gone or replaced (then nothing changes). A run
   * lock taken inside a hold lock gives the hold back, unless `remove`.
   */
  release(
    environment: string,
    lock: HeldLock,
    options?: { readonly remove?: boolean }
  ): Promise<'released' | 'not-held'>
  /** The current lock, lapsed or not; undefined when free. */
  read(environment: string): Promise<HeldLock | undefined>
}
