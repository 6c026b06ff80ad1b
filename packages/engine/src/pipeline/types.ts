import type { Fingerprint } from '../fingerprint/types.js'
import type { GateReason, GateResult } from '../gate/types.js'
import type { Plan } from '../plan-types.js'
import type {
  Clock,
  DeploymentRecord,
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
  /** Environment locks; without them no lock is checked. */
  readonly locks?: Locks
  /** This run's lock identity: a lock it claimed itself does not block it. */
  readonly runId?: string
}

export interface DeployRequest {
  readonly plan: Plan
  readonly environment: string
  readonly workspace: string
  /** Full SHA to deploy; the checked-out HEAD must be this commit. */
  readonly sha: string
  readonly ref: string
  /** Validate and show what would run; record and run nothing. */
  readonly noop?: boolean
}

export interface DeployOutcome {
  readonly status: 'success' | 'failure' | 'cancelled' | 'noop'
  readonly environment: string
  readonly sha: string
  readonly fingerprint: Fingerprint
  readonly deployment: DeploymentRecord | undefined
  readonly run: RunResult | undefined
  readonly environmentUrl: string | undefined
}

export interface PromoteRequest extends DeployRequest {
  /** The environment whose rehearsal must have passed (e.g. staging). */
  readonly from: string
  /**
   * Runs after the gate passed, before the plan's steps (e.g. migrations);
   * resolving false stops the promotion there, with nothing deployed.
   */
  readonly beforeDeploy?: () => Promise<boolean>
}

export interface PromoteOutcome {
  readonly gate: GateResult
  /** Set when the gate refused: the first failed check's code. */
  readonly reason: GateReason | undefined
  /** Set when the gate passed and production ran. */
  readonly deploy: DeployOutcome | undefined
}
