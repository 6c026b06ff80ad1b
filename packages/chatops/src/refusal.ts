/** Stable codes for every way a command stops (output `reason`). */
export type RefusalReason =
  | 'invalid_command'
  | 'unknown_environment'
  | 'production_environment'
  | 'permission_denied'
  | 'permission_unavailable'
  | 'pr_closed'
  | 'pr_draft'
  | 'pr_from_fork'
  | 'non_default_base'
  | 'checks_failed'
  | 'checks_pending'
  | 'checks_unavailable'
  | 'environment_locked'
  | 'not_locked'
  | 'ref_changed'
  | 'head_unverified'
  | 'no_rollback_target'
  | 'untrusted_plan'
  | 'invalid_plan'
  | 'environment_not_allowed'

/** A command that will not run, and what the commenter can do about it. */
export interface Refusal {
  readonly reason: RefusalReason
  /** Plain text; may name environments, SHAs and logins, never comment text. */
  readonly message: string
}
