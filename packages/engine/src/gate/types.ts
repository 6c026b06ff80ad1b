import type { Fingerprint } from '../fingerprint/types.js'
import type { Plan } from '../plan-types.js'
import type { Clock, Ledger, SourceControl } from '../ports.js'
import type { LockFinding } from './check-lock.js'

/** Stable codes for every gate refusal (output `reason`). */
export type GateReason =
  | 'no_rehearsal'
  | 'rehearsal_not_successful'
  | 'stage_missing'
  | 'stage_failed'
  | 'fingerprint_mismatch'
  | 'undeclared_difference'
  | 'soak_pending'
  | 'not_on_default_branch'
  | 'environment_locked'
  | 'rollback_not_rehearsed'
  | 'rollback_too_slow'
  | 'change_freeze'
  | 'data_stale'
  | 'data_unmasked_columns'
  | 'data_schema_behind'
  | 'data_leak'

export interface GateCheck {
  readonly id: string
  /** What was required, as a checklist line. */
  readonly title: string
  readonly ok: boolean
  /** Not evaluated because an earlier check of the same environment failed. */
  readonly skipped?: boolean
  readonly reason?: GateReason
  /** What was found, and on failure what to do. */
  readonly message: string
}

export interface GateResult {
  readonly ok: boolean
  readonly checks: readonly GateCheck[]
  /** SHA whose rehearsal counts (the same SHA, or a tree-equal one). */
  readonly rehearsedSha: string | undefined
}

/** What the gate decides on. */
export interface GateInput {
  readonly plan: Plan
  /** The environment being promoted to. */
  readonly target: string
  /** Environments whose rehearsal is required (the plan's `requires` and `from`). */
  readonly required: readonly string[]
  readonly sha: string
  /** Fingerprint of what the target is about to run. */
  readonly fingerprint: Fingerprint
  /** Variable names that differ between a required environment and the target without being declared. */
  readonly undeclaredDifferences: Readonly<Record<string, readonly string[]>>
  readonly ledger: Ledger
  readonly source: SourceControl
  readonly clock: Clock
  /** The target's lock as preflight found it. */
  readonly lock: LockFinding
  /** An explicit override of a change freeze, and who gave it. */
  readonly freezeOverride?: { readonly by: string; readonly reason: string }
  /** Checks other packages own (the data receipt); run after the engine's. */
  readonly extensions?: readonly GateExtension[]
  /** Where the plan was loaded from, for extensions that read more of it. */
  readonly workspace?: string
}

/**
 * A gate check owned by another package (the data receipt of
 * `@rehearse/data`), given to the pipeline with its deps so every entry
 * point runs it. Reads only; returns no check when the plan does not ask
 * for it.
 */
export interface GateExtension {
  readonly name: string
  check(input: GateExtensionInput): Promise<readonly GateCheck[]>
}

export interface GateExtensionInput {
  readonly plan: Plan
  readonly workspace: string
  readonly target: string
  readonly required: readonly string[]
  readonly sha: string
  readonly ledger: Ledger
  readonly clock: Clock
}
