import type { LintFinding } from '../lint/lint-migrations.js'
import type { FailureDetail } from './migration-failure.js'
import type { StepTiming } from './run-context.js'

/** One leg of a rollback rehearsal (or the one plain apply). */
export interface Leg {
  readonly name: 'up' | 'down' | 'up again'
  readonly steps: readonly StepTiming[]
  readonly durationMs: number
}

export interface CheckResult {
  readonly name: string
  readonly ok: boolean
  /** The value the query returned, or the error. */
  readonly detail: string
}

export type RunFailure =
  | {
      readonly kind: 'migration'
      readonly version: string
      readonly direction: 'up' | 'down'
      readonly detail: FailureDetail
    }
  | {
      readonly kind: 'lint' | 'checks' | 'cancelled' | 'command'
      readonly message: string
    }
  | {
      readonly kind: 'rehearsal'
      readonly message: string
      readonly leftovers: readonly string[]
    }

/** What a migration tool did, for the summary, report and outputs. */
export interface ToolResult {
  /** The database, for people. */
  readonly database: string
  /** Versions and checksums of the whole directory (tool sql). */
  readonly set: ReadonlyArray<{ version: string; checksum: string }>
  /** What was pending when the run started. */
  readonly pending: ReadonlyArray<{ version: string; file: string }>
  /** The final up leg: what this run left applied. */
  readonly applied: readonly StepTiming[]
  /** Pending after the run (a dry run leaves all pending). */
  readonly remaining: number
  readonly findings: readonly LintFinding[]
  readonly legs: readonly Leg[]
  /** Why the rollback rehearsal ran or not. */
  readonly rehearsal: { readonly ran: boolean; readonly note: string }
  /** Schema changes from the catalog before and after, one per line. */
  readonly changes: readonly string[]
  readonly checks: readonly CheckResult[]
  /** Notes for the summary (dry run limits, command output). */
  readonly notes: readonly string[]
  readonly failure: RunFailure | undefined
}
