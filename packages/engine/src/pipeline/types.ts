import type { ReasonCode } from '@rehearse/core'
import type { Fingerprint } from '../fingerprint/types.js'
import type { GateExtension, GateResult } from '../gate/types.js'
import type { ParityReport } from '../parity/types.js'
import type { Plan } from '../plan-types.js'
import type {
  Clock,
  DeploymentRecord,
  HeldLock,
  Ledger,
  Locks,
  ProcessRunner,
  Reporter,
  SourceControl
} from '../ports.js'
import type { RunResult } from '../run/types.js'

/** Everything with a side effect, injected: GitHub's or the CLI's. */
export interface PipelineDeps {
  readonly ledger: Ledger
  readonly source: SourceControl
  readonly runner: ProcessRunner
  readonly reporter: Reporter
  readonly clock: Clock
  /** Aborted on SIGINT/SIGTERM: the running step is stopped. */
  readonly signal?: AbortSignal
  /** Variables every step inherits (PATH, HOME, secrets from the job). */
  readonly baseEnv: Readonly<Record<string, string>>
  /** Link to this run's log, for statuses. */
  readonly logUrl?: string
  /** Environment locks: every run takes its environment's lock. */
  readonly locks: Locks
  /** This run's lock identity: a lock it holds already lets it through. */
  readonly runId: string
  /** The run's attempt (GitHub: GITHUB_RUN_ATTEMPT; default 1). */
  readonly runAttempt?: number
  /** Who runs it (GitHub: the workflow's actor; locally: the user). */
  readonly actor: string
  /** Waits between lock attempts; rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Gate checks other packages own (the data receipt), for every run. */
  readonly gateExtensions?: readonly GateExtension[]
}

/** The lock a run holds, and whether it took it (so it gives it back). */
export interface TakenLock {
  readonly lock: HeldLock
  /** False when this run already held it (an earlier step of the same job). */
  readonly fresh: boolean
}

/**
 * The stages, in the one order every environment runs them; `rollback`
 * is the rehearsal of the way back (outside production, when the plan
 * has `rollback:` steps) or, after a failure, the way back itself.
 */
export type StageName =
  | 'migrations'
  | 'deploy'
  | 'smoke'
  | 'rollback'
  /** Records scaling on the release it scaled; no gate reads it. */
  | 'scale'
export const STAGE_ORDER: readonly StageName[] = [
  'migrations',
  'deploy',
  'smoke',
  'rollback'
]

/** A place a run will reach that the plan does not spell out. */
export interface Reach {
  /** For messages: `database URL (input "database-url")`. */
  readonly where: string
  /** The URL or host (may hold a password: never printed). */
  readonly text: string
}

/** What a stage learned in preflight, ready to run. */
export interface PreparedStage {
  /** Places outside the plan it will reach, for the boundary check. */
  readonly reaches: readonly Reach[]
  /** Whether it posts `rehearse/<env>/<stage>` (a dry run does not). */
  readonly records: boolean
  /** The pending status while it works: `Migrating…`. */
  readonly activity: string
  /**
   * Read-only checks that need the ledger (e.g. production applies only
   * the migration set its rehearsal applied); throws ConfigurationError.
   */
  readonly verify?: () => Promise<void>
  /** Does the stage's work; posting its status is the pipeline's job. */
  run(context: StageRunContext): Promise<StageResult>
}

/** Where a stage runs. */
export interface StageContext {
  readonly plan: Plan
  readonly environment: string
  readonly workspace: string
  readonly sha: string
  readonly deps: PipelineDeps
  /** Environments whose rehearsal this run requires (empty for most). */
  readonly required: readonly string[]
}

export interface StageRunContext extends StageContext {
  /** The URL the environment is reached at in this run. */
  readonly url: string | undefined
}

/** How a stage ended. ConfigurationErrors thrown by `run` are failures. */
export interface StageResult {
  readonly status: 'success' | 'failure' | 'cancelled' | 'skipped'
  /** One line: the commit status description. */
  readonly description: string
  /** Markdown for the job summary. */
  readonly summary: string
  readonly reason?: ReasonCode
}

/**
 * A stage the engine runs but does not implement (migrations, smoke):
 * `@rehearse/migrations` and `@rehearse/smoke` provide them.
 */
export interface StagePort {
  readonly name: 'migrations' | 'smoke'
  /** Whether the plan defines the stage at all. */
  defines(plan: Plan): boolean
  /** Everything it would refuse, checked without side effects. */
  prepare(context: StageContext): Promise<PreparedStage>
}

/** The stages an entry point chooses; the engine orders them. */
export interface ChosenStages {
  readonly migrations?: StagePort
  readonly deploy?: boolean
  readonly smoke?: StagePort
}

export interface RunRequest {
  readonly plan: Plan
  readonly environment: string
  readonly workspace: string
  /** Full SHA to run; the checked-out HEAD must be this commit. */
  readonly sha: string
  readonly ref: string
  readonly stages: ChosenStages
  /** Validate and show what would run; take, record and run nothing. */
  readonly noop?: boolean
  /** Another environment whose rehearsal is required (promote --from). */
  readonly from?: string
  /** How long to wait for another run's lock (default 0: refuse at once). */
  readonly lockWaitMs?: number
  /** How the user sets that wait, for the refusal: `--wait <minutes>`. */
  readonly lockWaitHint?: string
  /**
   * Keep the lock when the run ends (an action step gives it back in its
   * post step, so the job's later stages run under it); default: release.
   */
  readonly keepLock?: boolean
  /** Called as soon as the lock is held, e.g. to save it for a post step. */
  readonly onLockTaken?: (taken: TakenLock) => void
  /** Why the lock is held, shown to whoever it refuses. */
  readonly lockReason?: string
  /** A person at the keyboard may run inside their own hold lock (the CLI). */
  readonly nestInOwnHold?: boolean
  /**
   * Last check before anything is written and again before the
   * deployment is created (e.g. the pull request head did not move);
   * throws ConfigurationError to stop.
   */
  readonly confirmTarget?: () => Promise<void>
  /**
   * Why a change freeze in force is overridden (who: the run's actor);
   * recorded with the deployment. Without it a freeze refuses the run.
   */
  readonly freezeOverride?: string
  /** Told as each stage ends (the CLI prints it there and then). */
  readonly onStageDone?: (run: StageRun, outcome?: DeployOutcome) => void
}

/** One stage as it ran (or did not). */
export interface StageRun {
  readonly stage: StageName
  readonly result: StageResult
}

/** The deploy stage's own account. */
export interface DeployOutcome {
  readonly status: 'success' | 'failure' | 'cancelled' | 'noop'
  readonly environment: string
  readonly sha: string
  readonly fingerprint: Fingerprint
  readonly deployment: DeploymentRecord | undefined
  readonly run: RunResult | undefined
  readonly environmentUrl: string | undefined
  /** The artifact reference the steps got (resolved for the rehearsed SHA). */
  readonly artifact: string | undefined
  /** What the strategy did, for the summary (slots, traffic, analysis). */
  readonly notes: readonly string[]
}

export interface RunOutcome {
  readonly status: 'success' | 'failure' | 'cancelled' | 'refused' | 'noop'
  readonly environment: string
  readonly sha: string
  /** The commit whose rehearsal let this one through (itself when none). */
  readonly rehearsedSha: string
  readonly fingerprint: Fingerprint
  /** Set for environments with `requires` (or `from`). */
  readonly gate: GateResult | undefined
  readonly parity: readonly ParityReport[]
  /** Set when refused: the first failed gate check's code. */
  readonly reason: ReasonCode | undefined
  /** The message of the refusal or failure, one line. */
  readonly message: string | undefined
  readonly stages: readonly StageRun[]
  readonly deploy: DeployOutcome | undefined
  /** The lock this run took (kept when `keepLock`). */
  readonly lock: HeldLock | undefined
  /** Set when a stage failed after which the way back was tried. */
  readonly rollback: RollbackSummary | undefined
}

/** What the way back did (RunOutcome.rollback). */
export interface RollbackSummary {
  readonly rolledBack: boolean
  readonly to: string | undefined
  readonly description: string
  /**
   * Something was tried (an undo, a redeploy) or the environment rolls
   * back automatically; false when auto-rollback is off and nothing was
   * undone, so a failure message need not say so every time.
   */
  readonly notable: boolean
}
