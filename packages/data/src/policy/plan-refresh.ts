import { ConfigurationError } from '@rehearse/core'
import type { Catalog, CatalogColumn, CatalogTable } from '../catalog/types.js'
import type { ColumnRule, DataConfig } from '../config/data-config.js'
import {
  autoKind,
  personalByContent,
  personalByName
} from './detect-personal.js'
import type {
  BlockedColumn,
  ColumnPlan,
  RefreshPlan,
  TablePlan
} from './table-plan.js'

/** Reads up to `limit` non-null text values of a source column. */
export type Sampler = (table: string, column: string) => Promise<string[]>

export interface PlanRefreshInput {
  readonly config: DataConfig
  readonly source: Catalog
  readonly target: Catalog
  readonly sample: Sampler
  /** The plan file, for messages. */
  readonly file: string
}

const SAMPLED = new Set(['text', 'json'])

/**
 * Matches source and target tables, gives every copied column its rule,
 * and finds the columns that look personal but have none. A rule naming a
 * table or column the source does not have is an error (a typo would
 * otherwise leave the real column unmasked). Reads samples; writes nothing.
 */
export async function planRefresh(
  input: PlanRefreshInput
): Promise<RefreshPlan> {
  const { config, source, target } = input
  const excluded = new Set([...config.exclude, config.historyTable])
  const problems = unknownNames(input, excluded)
  const tables: TablePlan[] = []
  const blocked: BlockedColumn[] = []
  for (const [name, sourceTable] of [...source.tables].sort(byName)) {
    const targetTable = target.tables.get(name)
    if (excluded.has(name) || !targetTable) continue
    const planned = await planTable(input, sourceTable, targetTable, problems)
    tables.push(planned.table)
    blocked.push(...planned.blocked)
  }
  if (problems.length > 0)
    throw new ConfigurationError(
      `${input.file}: the data section does not fit the databases:\n- ${problems.join('\n- ')}`,
      { reason: 'invalid_plan' }
    )
  const copied = new Set(tables.map(t => t.name))
  return {
    tables,
    skipped: [...source.tables.keys()]
      .filter(name => !excluded.has(name) && !target.tables.has(name))
      .sort(),
    emptied: dependents(target, copied),
    blocked
  }
}

const byName = ([a]: [string, unknown], [b]: [string, unknown]) =>
  a < b ? -1 : a > b ? 1 : 0

function unknownNames(
  input: PlanRefreshInput,
  excluded: Set<string>
): string[] {
  const problems: string[] = []
  for (const [table, tableConfig] of Object.entries(input.config.tables)) {
    const found = input.source.tables.get(table)
    if (!found) {
      problems.push(`data.tables.${table}: the source has no table "${table}"`)
      continue
    }
    if (excluded.has(table)) continue
    const names = new Set(found.columns.map(c => c.name))
    for (const column of Object.keys(tableConfig.columns))
      if (!names.has(column))
        problems.push(
          `data.tables.${table}.columns.${column}: the source table has no column "${column}" (it has ${[...names].join(', ')})`
        )
  }
  return problems
}

async function planTable(
  input: PlanRefreshInput,
  source: CatalogTable,
  target: CatalogTable,
  problems: string[]
): Promise<{ table: TablePlan; blocked: BlockedColumn[] }> {
  const config = input.config.tables[source.name]
  const targetColumns = new Map(target.columns.map(c => [c.name, c]))
  const sourceNames = new Set(source.columns.map(c => c.name))
  const uniqueColumns = new Set(target.uniques.flat())
  // A foreign key holds another table's key: that table's columns say
  // whether it is personal.
  const keys = new Set(source.foreignKeys.flatMap(fk => fk.columns))
  const columns: ColumnPlan[] = []
  const blocked: BlockedColumn[] = []
  for (const column of source.columns) {
    const into = targetColumns.get(column.name)
    if (!into || into.generated) continue
    const rule = config?.columns[column.name]
    const where = `${source.name}.${column.name}`
    if (rule) {
      problems.push(...ruleProblems(where, rule, column, into))
      const samples =
        rule.kind === 'fake' &&
        rule.fake === 'auto' &&
        SAMPLED.has(column.category)
          ? await input.sample(source.name, column.name)
          : []
      const kind =
        rule.kind === 'fake' && rule.fake !== 'auto'
          ? rule.fake
          : autoKind(column, samples)
      columns.push({
        name: column.name,
        column,
        rule,
        explicit: true,
        kind,
        unique: uniqueColumns.has(column.name)
      })
      continue
    }
    const sign =
      (keys.has(column.name) ? undefined : personalByName(column)) ??
      (SAMPLED.has(column.category)
        ? personalByContent(await input.sample(source.name, column.name))
        : undefined)
    if (sign) blocked.push({ table: source.name, column: column.name, ...sign })
    columns.push({
      name: column.name,
      column,
      rule: { kind: 'keep' },
      explicit: false,
      kind: 'text',
      unique: uniqueColumns.has(column.name)
    })
  }
  const filled = target.columns.filter(
    c => !c.generated && !sourceNames.has(c.name)
  )
  for (const column of filled)
    if (!column.nullable && !column.hasDefault)
      problems.push(
        `${target.name}.${column.name} is in the target only, NOT NULL and without a default: the copied rows cannot fill it. Migrate the target to the source's schema (or give the column a default) first.`
      )
  return {
    table: {
      name: source.name,
      source,
      target,
      config,
      columns,
      dropped: source.columns
        .filter(c => !targetColumns.has(c.name))
        .map(c => c.name),
      filled: filled.map(c => c.name)
    },
    blocked
  }
}

function ruleProblems(
  where: string,
  rule: ColumnRule,
  column: CatalogColumn,
  into: CatalogColumn
): string[] {
  if (rule.kind === 'null' && !into.nullable)
    return [
      `${where}: rule null, but the target column is NOT NULL; use fake, hash or constant`
    ]
  if (
    (rule.kind === 'fake' || rule.kind === 'hash') &&
    column.category === 'other'
  )
    return [
      `${where}: ${rule.kind} cannot make values of type ${column.type}; use null, constant or keep`
    ]
  return []
}

/** Target tables outside the copy whose foreign keys reach copied tables, transitively. */
function dependents(target: Catalog, copied: ReadonlySet<string>): string[] {
  const emptied = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const table of target.tables.values()) {
      if (copied.has(table.name) || emptied.has(table.name)) continue
      if (
        table.foreignKeys.some(
          fk => copied.has(fk.references) || emptied.has(fk.references)
        )
      ) {
        emptied.add(table.name)
        grew = true
      }
    }
  }
  return [...emptied].sort()
}
