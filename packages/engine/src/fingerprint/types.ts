/** The fingerprint of what an environment runs, and the parts it hashes. */
export interface Fingerprint {
  /** `sha256:<hex>` over the parts. */
  readonly value: string
  /** Each part's own hash, so a mismatch can say what differs. */
  readonly parts: Readonly<Record<FingerprintPart, string>>
  /**
   * Finer hashes under each part, keyed `<part>:<item>` (`steps:deploy[1]`,
   * `scripts:deploy/apply.sh`, `variables:API_URL`), so a summary can say
   * which step, script or variable made a part differ.
   */
  readonly details: Readonly<Record<string, string>>
}

export type FingerprintPart =
  'steps' | 'strategy' | 'scripts' | 'artifact' | 'migrations' | 'variables'

/** What changed inside one part between two fingerprints. */
export interface FingerprintDifference {
  readonly part: FingerprintPart
  /** Items only in the second fingerprint (`deploy[2]`, `API_URL`). */
  readonly added: readonly string[]
  /** Items only in the first fingerprint. */
  readonly removed: readonly string[]
  /** Items in both whose hash differs. */
  readonly changed: readonly string[]
}
