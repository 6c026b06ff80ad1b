import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '@rehearse/engine'
import { FAKE_KINDS } from './data-config.js'
import type {
  ColumnRule,
  DataConfig,
  DataGatePolicy,
  FakeKind,
  SubsetRule,
  TableConfig
} from './data-config.js'

type Raw = Record<string, unknown>

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

/**
 * The plan's `data:` section, or undefined when it has none. The plan was
 * validated against the JSON Schema by loadPlan; the section is read from
 * `plan.data` when the engine keeps it, else from the plan file itself.
 */
export function readDataConfig(
  plan: Plan,
  workspace: string
): DataConfig | undefined {
  const raw = rawDataSection(plan, workspace)
  if (raw === undefined) return undefined
  if (!isObject(raw)) throw invalid(plan, 'data: must be a mapping')
  const migrations = plan.migrations ?? {}
  const sourceUrlEnv = text(raw['source-url-env'])
  if (!sourceUrlEnv)
    throw invalid(
      plan,
      'data.source-url-env is required: the variable that holds the production replica URL (a secret)'
    )
  return {
    sourceUrlEnv,
    targetUrlEnv: text(migrations['database-url-env']) ?? 'DATABASE_URL',
    keyEnv: text(raw['key-env']) ?? 'REHEARSE_DATA_KEY',
    seed: String(raw.seed ?? 'rehearse'),
    historyTable:
      text(raw['history-table']) ??
      text(migrations['history-table']) ??
      'rehearse_migrations',
    exclude: Array.isArray(raw.exclude) ? raw.exclude.map(String) : [],
    sampleRows: numberOr(raw['sample-rows'], 200),
    probeRows: numberOr(raw['probe-rows'], 200),
    tables: Object.fromEntries(
      Object.entries(isObject(raw.tables) ? raw.tables : {}).map(
        ([name, table]) => [name, readTable(plan, name, table)]
      )
    ),
    gate: readGate(raw.gate)
  }
}

function rawDataSection(plan: Plan, workspace: string): unknown {
  const kept = (plan as { readonly data?: unknown }).data
  if (kept !== undefined) return kept
  const parsed: unknown = parse(
    readFileSync(join(workspace, plan.file), 'utf8')
  )
  return isObject(parsed) ? parsed.data : undefined
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' ? value : fallback

function readTable(plan: Plan, name: string, raw: unknown): TableConfig {
  const table = isObject(raw) ? raw : {}
  const columns = isObject(table.columns) ? table.columns : {}
  return {
    columns: Object.fromEntries(
      Object.entries(columns).map(([column, rule]) => [
        column,
        readRule(plan, `data.tables.${name}.columns.${column}`, rule)
      ])
    ),
    subset: readSubset(plan, name, table.subset),
    follow: table.follow !== false,
    rows: typeof table.rows === 'number' ? table.rows : undefined
  }
}

/** `fake`, `hash`, `null` (or YAML null), `keep`, `{fake: kind}`, `{constant: v}`. */
export function readRule(plan: Plan, where: string, raw: unknown): ColumnRule {
  if (raw === null || raw === 'null') return { kind: 'null' }
  if (raw === 'fake') return { kind: 'fake', fake: 'auto' }
  if (raw === 'hash' || raw === 'keep') return { kind: raw }
  if (isObject(raw) && 'constant' in raw) {
    const value = raw.constant
    return {
      kind: 'constant',
      value: value === null || value === undefined ? null : String(value)
    }
  }
  if (isObject(raw) && typeof raw.fake === 'string') {
    const kind = FAKE_KINDS.find(k => k === raw.fake)
    if (kind) return { kind: 'fake', fake: kind as FakeKind }
  }
  throw invalid(
    plan,
    `${where}: ${JSON.stringify(raw)} is no masking rule; use fake, { fake: <${FAKE_KINDS.join('|')}> }, hash, null, keep or { constant: <value> }`
  )
}

function readSubset(
  plan: Plan,
  table: string,
  raw: unknown
): SubsetRule | undefined {
  if (raw === undefined) return undefined
  if (isObject(raw) && typeof raw.percent === 'number')
    return { percent: raw.percent }
  if (isObject(raw) && typeof raw.where === 'string')
    return { where: raw.where }
  throw invalid(
    plan,
    `data.tables.${table}.subset: give { percent: <0-100> } or { where: <SQL condition> }`
  )
}

function readGate(raw: unknown): DataGatePolicy | undefined {
  if (!isObject(raw)) return undefined
  return {
    maxAgeDays: numberOr(raw['max-age-days'], 7),
    requireRules: raw['require-rules'] === true
  }
}

function invalid(plan: Plan, message: string): ConfigurationError {
  return new ConfigurationError(`${plan.file}: ${message}`, {
    reason: 'invalid_plan'
  })
}
