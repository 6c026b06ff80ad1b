/** How a masked table looks in the receipt. */
export interface ReceiptTable {
  readonly name: string
  /** Rows now in the target (synthetic ones included). */
  readonly rows: number
  readonly synthetic: number
  /** Masked column → its rule (`fake:email`, `hash`, `null`, `constant`). */
  readonly masked: Readonly<Record<string, string>>
  /** `10 %` or `where …` for a subset root; `follows` for tables it reached. */
  readonly subset?: string
}

/**
 * What a refresh records as the stage report `rehearse/<env>/data`, for
 * people (the summary) and for the gate (`checkDataReceipt`). Names and
 * counts only: never a value of the data.
 */
export interface DataReceipt {
  readonly rehearse: 1
  readonly kind: 'data'
  /** blocked: personal-looking columns without rules stopped it before any write. */
  readonly status: 'success' | 'blocked' | 'failure'
  /** The reason code of a blocked or failed refresh. */
  readonly reason?: string
  readonly message?: string
  readonly environment: string
  readonly sha: string
  /** When the source's consistent snapshot was taken (ISO 8601). */
  readonly snapshotAt: string | undefined
  readonly finishedAt: string
  readonly durationMs: number
  /** Migration heads (the history table's newest successful version). */
  readonly schema: {
    readonly historyTable: string
    readonly source: string | undefined
    readonly target: string | undefined
  }
  readonly servers: { readonly source?: string; readonly target?: string }
  readonly policy: {
    /** sha256 of the masking policy (rules, subset, volume, seed). */
    readonly hash: string
    readonly seed: string
    /** Tells masking keys apart without revealing them. */
    readonly keyFingerprint: string | undefined
  }
  readonly coverage: {
    /** Columns copied. */
    readonly columns: number
    /** With a rule in the plan, keep included. */
    readonly ruled: number
    readonly masked: number
    /** Copied as they are without a rule (nothing looked personal). */
    readonly unruled: readonly string[]
    /** Looked personal without a rule: the refresh was blocked. */
    readonly blocked: readonly string[]
  }
  readonly tables: readonly ReceiptTable[]
  readonly skipped: readonly string[]
  readonly emptied: readonly string[]
  readonly rows: number
  readonly rowsPerSecond: number
  readonly orphans: number
  readonly leak: {
    readonly columns: number
    readonly sampled: number
    readonly matches: number
    readonly findings: ReadonlyArray<{
      table: string
      column: string
      rows: number
    }>
  }
}

/** The receipt in a stage report's data, when it is one. */
export function readDataReceipt(data: unknown): DataReceipt | undefined {
  const receipt = data as Partial<DataReceipt> | undefined
  if (receipt?.rehearse !== 1 || receipt.kind !== 'data') return undefined
  if (typeof receipt.finishedAt !== 'string') return undefined
  return receipt as DataReceipt
}

// A stage report holds ~60 KB: long lists are cut (their counts stay).
const MAX_LIST = 200

export function capList(list: readonly string[]): string[] {
  return list.length > MAX_LIST
    ? [...list.slice(0, MAX_LIST), `… ${list.length - MAX_LIST} more`]
    : [...list]
}
