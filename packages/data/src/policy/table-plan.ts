import type { CatalogColumn, CatalogTable } from '../catalog/types.js'
import type {
  ColumnRule,
  FakeKind,
  TableConfig
} from '../config/data-config.js'

/** How one column travels. */
export interface ColumnPlan {
  readonly name: string
  /** The source's column (its type decides how values are masked). */
  readonly column: CatalogColumn
  readonly rule: ColumnRule
  /** The plan names a rule for it (`keep` included). */
  readonly explicit: boolean
  /** The concrete fake shape (for `fake`). */
  readonly kind: Exclude<FakeKind, 'auto'>
  /** A unique key of the target covers it. */
  readonly unique: boolean
}

/** How one table travels from the source to the target. */
export interface TablePlan {
  readonly name: string
  readonly source: CatalogTable
  readonly target: CatalogTable
  readonly config: TableConfig | undefined
  /** Copied columns, in the source's order. */
  readonly columns: readonly ColumnPlan[]
  /** In the source only: not copied. */
  readonly dropped: readonly string[]
  /** In the target only: filled by their defaults. */
  readonly filled: readonly string[]
}

/** A column that looks personal and has no rule: it blocks the refresh. */
export interface BlockedColumn {
  readonly table: string
  readonly column: string
  readonly why: string
  readonly kind: Exclude<FakeKind, 'auto'>
}

/** Everything decided before a row moves. */
export interface RefreshPlan {
  readonly tables: readonly TablePlan[]
  /** Source tables the target lacks: not copied. */
  readonly skipped: readonly string[]
  /** Target tables not copied whose rows would point at replaced rows. */
  readonly emptied: readonly string[]
  readonly blocked: readonly BlockedColumn[]
}

/** Whether a rule changes values (anything but keep). */
export const masks = (rule: ColumnRule): boolean => rule.kind !== 'keep'
