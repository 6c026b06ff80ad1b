/** One step of `deploy` or `rollback`, identical in every environment. */
export interface PlanStep {
  /** Shown in logs and summaries; defaults to the first line of `run`. */
  readonly name: string
  /** Shell command line, run with `bash -e` in the workspace. */
  readonly run: string
  /** Per-step limit; the step is stopped and fails when it is exceeded. */
  readonly timeoutMinutes: number
  /** Step variables: the same names and values in every environment. */
  readonly env: Readonly<Record<string, string>>
}

export type StrategyType = 'direct' | 'blue-green' | 'canary'

/** canary: a command of the user's that prints a number, with its bounds. */
export interface CanaryMetric {
  readonly run: string
  readonly max: number | undefined
  readonly min: number | undefined
  readonly timeoutMinutes: number
}

/** How a release replaces the running one; part of the fingerprint. */
export type Strategy =
  | { readonly type: 'direct' }
  | { readonly type: 'blue-green'; readonly switch: readonly PlanStep[] }
  | {
      readonly type: 'canary'
      /** Traffic percentages, ascending, ending at 100. */
      readonly steps: readonly number[]
      readonly traffic: readonly PlanStep[]
      readonly pauseSeconds: number
      readonly metric: CanaryMetric | undefined
    }

export type SlotName = 'blue' | 'green'

export interface PlanEnvironment {
  readonly name: string
  /** Base URL of the environment; `REHEARSE_URL`. */
  readonly url: string | undefined
  /** Where `url` came from when not the plan (`the "url" input`), for messages. */
  readonly urlSource?: string
  /** Environment-specific variables: names enter the fingerprint, values don't. */
  readonly env: Readonly<Record<string, string>>
  /** Environments whose rehearsal must have passed for the same code. */
  readonly requires: readonly string[]
  /** Minutes that must pass after the required environments' success. */
  readonly soakMinutes: number
  /** Production: reachable only through the gate, never from a PR comment. */
  readonly production: boolean
  /** Per-PR environments: GitHub Deployments are `transient_environment`. */
  readonly transient: boolean
  /**
   * Production only: further hosts no rehearsal may reach (e.g. the
   * database host of a URL kept in a secret, not in the plan).
   */
  readonly hosts: readonly string[]
  /** blue-green: each slot's URL in this environment. */
  readonly slots:
    Readonly<Record<SlotName, { readonly url: string }>> | undefined
  /** Roll back to the last good release when a stage fails (default: production). */
  readonly autoRollback: boolean
  /** The gate's bound on the rollback rehearsed in a required environment. */
  readonly rollbackMaxSeconds: number | undefined
  /** One environment per pull request (`<name>/pr-<number>`). */
  readonly perPr: boolean
  /** per-pr: torn down once not deployed for this many days. */
  readonly maxIdleDays: number | undefined
  /** Set on a per-PR environment's instance: its pull request. */
  readonly pr?: number
}

/** A change freeze: a dated window, or a recurring one (cron, UTC). */
export interface Freeze {
  readonly reason: string
  /** Environments it applies to (default: the production ones). */
  readonly environments: readonly string[]
  readonly window:
    | { readonly from: string; readonly until: string }
    | { readonly cron: string; readonly durationHours: number }
}

/** The validated `.github/rehearse.yml`, with defaults applied. */
export interface Plan {
  /** Path the plan was read from, relative to the workspace (for messages). */
  readonly file: string
  readonly version: 1
  /** Artifact reference as written, `${{ sha }}` not yet substituted. */
  readonly artifact: string | undefined
  readonly deploy: readonly PlanStep[]
  readonly rollback: readonly PlanStep[]
  /** Scale a non-production environment down and up again (cost). */
  readonly scaleDown: readonly PlanStep[]
  readonly scaleUp: readonly PlanStep[]
  /** Removes a per-PR environment (its pull request closed, or idle). */
  readonly teardown: readonly PlanStep[]
  readonly freezes: readonly Freeze[]
  /**
   * `facts:` — each a command run the same way for every environment, its
   * last output line the value (the step's name is the fact's name, its
   * env empty); compared by the drift check, never part of a release.
   */
  readonly facts: readonly PlanStep[]
  readonly strategy: Strategy
  readonly migrations: Readonly<Record<string, unknown>> | undefined
  readonly smoke: Readonly<Record<string, unknown>> | undefined
  readonly environments: Readonly<Record<string, PlanEnvironment>>
  readonly parity: { readonly allowDifferences: readonly string[] }
}
