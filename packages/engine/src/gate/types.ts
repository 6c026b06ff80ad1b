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
