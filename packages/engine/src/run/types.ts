import type { PlanEnvironment } from '../plan-types.js'

/** Which code an environment run deploys. */
export interface RunContext {
  /** Repository root; steps run here. */
  readonly workspace: string
  readonly environment: PlanEnvironment
  /** Full commit SHA being deployed (`REHEARSE_SHA`). */
  readonly sha: string
  /** Branch or tag name (`REHEARSE_REF`). */
  readonly ref: string
  /** SHA of the environment's last good release (`REHEARSE_PREVIOUS_SHA`). */
  readonly previousSha: string | undefined
  /**
   * The commit whose rehearsal let this one through (`REHEARSE_REHEARSED_SHA`):
   * a tree-equal commit's when a merge is promoted, otherwise `sha`. The
   * artifact is resolved for it, so production runs the build staging ran.
   */
  readonly rehearsedSha?: string
  /** The artifact reference as resolved for this release (a rollback's). */
  readonly artifact?: string
  /** What the strategy tells its steps (REHEARSE_SLOT, REHEARSE_TRAFFIC_PERCENT…). */
  readonly variables?: Readonly<Record<string, string>>
}

export type StepStatus =
  'success' | 'failure' | 'timed_out' | 'cancelled' | 'skipped'

export interface StepOutcome {
  readonly name: string
  readonly status: StepStatus
  readonly exitCode: number | null
  readonly durationMs: number
}

export interface RunResult {
  readonly status: 'success' | 'failure' | 'cancelled'
  readonly steps: readonly StepOutcome[]
  readonly durationMs: number
}
