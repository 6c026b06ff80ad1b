import type { ReasonCode } from '@rehearse/core'
import type { Plan } from '@rehearse/engine'
import type { RehearseRollback } from '../run/decide-rehearsal.js'
import type { ToolResult } from '../run/types.js'

/** How an entry point runs the migrations stage. */
export interface MigrationStageOptions {
  /** Overrides the plan's `database-url-env` variable. */
  readonly databaseUrl?: string
  /** Change nothing: PostgreSQL applies and rolls back; others list. */
  readonly dryRun: boolean
  readonly rehearseRollback: RehearseRollback
  /**
   * Let a production environment use the embedded PGlite database when no
   * URL is given (the local CLI and demo). Default false: in production a
   * missing URL is an error, never a silent throwaway database.
   */
  readonly embeddedInProduction?: boolean
  /** Data directory of the embedded database; default `.rehearse/pglite/<env>`. */
  readonly pgliteDir?: string
  /**
   * Say with a warning when the embedded database is used: in a workflow
   * it lives and dies with the job, so migrating it checks the migrations
   * but not the environment's database (the actions set this; for the
   * local CLI it is the point).
   */
  readonly warnEmbedded?: boolean
}

/** One run of the migrations stage for an environment and commit. */
export interface MigrationStageRequest extends MigrationStageOptions {
  readonly plan: Plan
  readonly environment: string
  readonly workspace: string
  /** Full SHA whose migrations are applied (statuses and reports key on it). */
  readonly sha: string
}

export interface MigrationOutcome {
  /** `skipped`: the plan has no migrations. */
  readonly status: 'success' | 'failure' | 'cancelled' | 'skipped'
  readonly environment: string
  readonly sha: string
  readonly dryRun: boolean
  /** Migrations this run left applied; undefined for tool: command. */
  readonly applied: number | undefined
  /** Migrations pending after the run; undefined for tool: command. */
  readonly pending: number | undefined
  /** Time spent applying (the final up leg), in milliseconds. */
  readonly durationMs: number
  /** migrationSetChecksum of the plan: what the production gate compares. */
  readonly setChecksum: string
  readonly result: ToolResult | undefined
  /**
   * Stable code of a failure: migration_failed, lint_failed,
   * rollback_not_restored, integrity_check_failed, command_failed or
   * cancelled; undefined on success. (Refusals throw a ConfigurationError
   * with their own reason instead.)
   */
  readonly reason: ReasonCode | undefined
  /** One line (the commit status description). */
  readonly description: string
  /** The job summary section, in Markdown. */
  readonly summary: string
}
