import type { SlotName } from '../../plan-types.js'
import type { DeploymentRecord } from '../../ports.js'
import type { RunResult } from '../../run/types.js'
import type { PlanStep } from '../../plan-types.js'
import type { Release } from '../release.js'
import type { PipelineDeps, RunRequest, StageResult } from '../types.js'

/** What a strategy's deploy gets from the pipeline. */
export interface StrategyContext {
  readonly request: RunRequest
  readonly deps: PipelineDeps
  /** The release being deployed. */
  readonly release: Release
  /** What the environment served before (undefined: its first deploy). */
  readonly previous: DeploymentRecord | undefined
  /** Runs steps as the release, with these REHEARSE_* variables. */
  run(
    steps: readonly PlanStep[],
    variables?: Readonly<Record<string, string>>
  ): Promise<RunResult>
  /** The plan's smoke checks against a URL; undefined without checks. */
  readonly smokeAt: ((url: string) => Promise<StageResult>) | undefined
}

/** How a strategy's deploy ended. */
export interface StrategyOutcome {
  /** Every step it ran, in order. */
  readonly run: RunResult
  readonly result: StageResult
  /** Users may have reached the new release: a failure must be undone. */
  readonly exposed: boolean
  /** Lines for the summary (the analysis, the slot). */
  readonly notes: readonly string[]
}

/**
 * How a release goes live, as an object the pipeline calls: the same
 * in every environment, part of the fingerprint.
 */
export interface DeployStrategy {
  /** blue-green: the slot this release will live in, recorded with it. */
  slotFor?(previous: DeploymentRecord | undefined): SlotName
  deploy(context: StrategyContext): Promise<StrategyOutcome>
  /**
   * Puts users back on the previous release without redeploying it
   * (switch back, traffic to 0); absent when the strategy cannot.
   */
  undo?(context: StrategyContext): Promise<RunResult | undefined>
}
