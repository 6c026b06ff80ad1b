import type { PipelineDeps, Plan } from '@rehearse/engine'
import type { ReportCheck, SmokeReport } from '../report/report-data.js'
import type { BaselineInfo, TlsResult } from '../types.js'

export interface SmokeRequest {
  readonly plan: Plan
  readonly environment: string
  /** The commit whose deployment is checked; statuses and the report go on it. */
  readonly sha: string
  /** Repository root: `smoke.tls.ca-file` and a baseline file are read from it. */
  readonly workspace: string
  /** Overrides the environment's URL (e.g. the deploy step's environment-url). */
  readonly url?: string
  /** `previous` (default), `none`, or the path of a report JSON file. */
  readonly baseline: string
}

/** The side effects a smoke test needs (any PipelineDeps will do). */
export type SmokeDeps = Pick<
  PipelineDeps,
  'ledger' | 'reporter' | 'clock' | 'signal' | 'baseEnv' | 'logUrl'
> & {
  /** 0 ≤ x < 1, for backoff jitter; default Math.random. */
  readonly random?: () => number
}

export interface SmokeOutcome {
  readonly status: 'success' | 'failure' | 'cancelled'
  readonly environment: string
  readonly sha: string
  /** Checks passed and not passed; the certificate counts as a check. */
  readonly passed: number
  readonly failed: number
  readonly flaky: number
  /** Per check, in the plan's order (secrets masked). */
  readonly checks: readonly ReportCheck[]
  readonly tls: TlsResult | undefined
  readonly baseline: BaselineInfo
  /** The JSON report (secrets masked), as kept with the deployment. */
  readonly report: SmokeReport
  /** Markdown for the job summary (secrets masked). */
  readonly summary: string
  /** The one-line outcome posted as `rehearse/<env>/smoke`. */
  readonly description: string
}
