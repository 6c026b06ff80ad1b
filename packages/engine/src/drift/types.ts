/** One fact (`facts:`) as read in one environment. */
export interface FactReading {
  readonly fact: string
  readonly environment: string
  /** False when the command failed, timed out or could not start. */
  readonly known: boolean
  /** The last output line; for an unknown fact `unknown (exit 3)`. */
  readonly value: string
  /** The value looked like a secret: shown as `•••`, compared for real. */
  readonly masked: boolean
}

/** Every fact of the plan in each environment: `readings[fact][environment]`. */
export type FactReadings = Readonly<
  Record<string, Readonly<Record<string, FactReading>>>
>

/**
 * How the releases two environments run now relate: the same code; the
 * required one ahead (a newer release awaits promotion, the pipeline's
 * normal state); behind (it went back to a release older than the target
 * runs); the target runs a release the required one never ran; or one or
 * both never deployed successfully.
 */
export type ReleaseRelation =
  | 'same'
  | 'ahead'
  | 'behind'
  | 'unrehearsed'
  | 'target-undeployed'
  | 'required-undeployed'
  | 'undeployed'

/**
 * `same`; `informational` (differs, as the pipeline expects: shown only);
 * `declared` (differs, listed in parity.allow-differences); `drift`.
 */
export type DriftStatus = 'same' | 'informational' | 'declared' | 'drift'

/** One line of the comparison of two environments. */
export interface DriftRow {
  readonly kind:
    | 'release'
    | 'fingerprint'
    | 'migrations'
    /** All variable names the same: one row with their counts. */
    | 'variables'
    | 'variable'
    | 'fact'
  /** The variable or fact name; the kind for the other rows. */
  readonly name: string
  /** Shown for the required environment; undefined: absent. */
  readonly from: string | undefined
  /** Shown for the target environment; undefined: absent. */
  readonly to: string | undefined
  readonly status: DriftStatus
  /** Why, in a few words (`staging is ahead: abc1234 awaits promotion`). */
  readonly note: string
  /** The values were replaced by `•••`. */
  readonly masked?: boolean
}

/** An environment and one it requires, compared. */
export interface DriftPair {
  /** The required environment (staging). */
  readonly from: string
  /** The environment that requires it (production). */
  readonly to: string
  readonly relation: ReleaseRelation
  readonly rows: readonly DriftRow[]
  /** The rows with status `drift`. */
  readonly drift: readonly DriftRow[]
}

/** What the drift check found, for a summary, an issue or the terminal. */
export interface DriftReport {
  /** The plan file, for messages. */
  readonly file: string
  /** When the check ran (ISO 8601). */
  readonly checkedAt: string
  readonly pairs: readonly DriftPair[]
  /** How many rows of all pairs are drift. */
  readonly driftCount: number
  readonly facts: FactReadings
}
