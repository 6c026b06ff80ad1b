/** What becomes of one column's values on their way to the target. */
export type ColumnRule =
  | { readonly kind: 'fake'; readonly fake: FakeKind }
  | { readonly kind: 'hash' }
  | { readonly kind: 'null' }
  | { readonly kind: 'keep' }
  | { readonly kind: 'constant'; readonly value: string | null }

/** The shapes `fake` produces; `auto` picks one from the column's name and type. */
export const FAKE_KINDS = [
  'auto',
  'email',
  'name',
  'first-name',
  'last-name',
  'username',
  'phone',
  'address',
  'city',
  'postcode',
  'ip',
  'text',
  'date',
  'number',
  'uuid'
] as const

export type FakeKind = (typeof FAKE_KINDS)[number]

/** Which root rows a subset keeps. */
export type SubsetRule =
  { readonly percent: number } | { readonly where: string }

/** `data.tables.<name>`, defaults applied. */
export interface TableConfig {
  readonly columns: Readonly<Record<string, ColumnRule>>
  /** A root of the subset: a share of its rows, or those a WHERE clause keeps. */
  readonly subset: SubsetRule | undefined
  /**
   * For a table that references subset rows: take its rows that reference
   * kept rows (true, the default), or only the rows kept rows need (false).
   */
  readonly follow: boolean
  /** Synthetic rows are added until the table has this many. */
  readonly rows: number | undefined
}

/** What the gate asks of a refresh receipt (`data.gate`). */
export interface DataGatePolicy {
  /** A receipt older than this is `data_stale`. */
  readonly maxAgeDays: number
  /** Every copied column needs a rule, `keep` included. */
  readonly requireRules: boolean
}

/** The plan's `data:` section with every default applied. */
export interface DataConfig {
  /** Variable holding the source (production replica) URL: a secret. */
  readonly sourceUrlEnv: string
  /** Variable holding the target URL: the one the migrations use. */
  readonly targetUrlEnv: string
  /** Variable holding the masking key (fake and hash): a secret. */
  readonly keyEnv: string
  /** Subset and synthetic rows are the same for the same seed. */
  readonly seed: string
  /** The source's migration history table (its schema version). */
  readonly historyTable: string
  /** Tables left out: neither read nor touched in the target. */
  readonly exclude: readonly string[]
  /** How many values of a column are sampled to see whether it is personal. */
  readonly sampleRows: number
  /** How many values per masked column the leak probe reads back. */
  readonly probeRows: number
  readonly tables: Readonly<Record<string, TableConfig>>
  /** Undefined when the plan has no `data.gate`. */
  readonly gate: DataGatePolicy | undefined
}
