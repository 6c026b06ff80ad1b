/** One line of the side-by-side comparison of two environments. */
export interface ParityRow {
  /** A variable of either environment, the resolved artifact, or the url. */
  readonly kind: 'variable' | 'artifact' | 'url'
  /** Variable name; `artifact` or `url` for those rows. */
  readonly name: string
  /** Value in the required environment, masked if secret; undefined: absent. */
  readonly from: string | undefined
  /** Value in the target environment, masked if secret; undefined: absent. */
  readonly to: string | undefined
  /** Whether the real (unmasked) values differ, or one side is absent. */
  readonly differs: boolean
  /** The name is listed in `parity.allow-differences`. */
  readonly declared: boolean
  /** The values were replaced by `•••`. */
  readonly masked: boolean
  /** Shown for context only; never a difference that refuses (the url). */
  readonly informational: boolean
}

/** What differs between the required environment and the promotion target. */
export interface ParityReport {
  /** The plan file, for messages. */
  readonly file: string
  /** The required environment (e.g. staging). */
  readonly from: string
  /** The target environment (e.g. production). */
  readonly to: string
  readonly rows: readonly ParityRow[]
  /** Rows that differ and are not declared: promotion must refuse. */
  readonly undeclared: readonly ParityRow[]
}
