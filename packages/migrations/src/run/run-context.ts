import type { Reporter } from '@rehearse/engine'
import type { MigrationConfig } from '../config/migration-config.js'
import type { Database } from '../db/types.js'

/** What applying migrations needs, shared by every leg. */
export interface RunContext {
  readonly db: Database
  readonly config: MigrationConfig
  /** Written to the history table: which commit and run applied it. */
  readonly appliedBy: string
  readonly reporter: Reporter
  readonly signal: AbortSignal | undefined
}

/** How long one migration took, in one direction. */
export interface StepTiming {
  readonly version: string
  readonly name: string
  readonly file: string
  readonly direction: 'up' | 'down'
  readonly durationMs: number
  /** Attempts it took (PostgreSQL retries after a lock timeout). */
  readonly attempts: number
}
