import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPlan } from '@rehearse/engine'
import type { PipelineDeps, Plan, Reporter } from '@rehearse/engine'
import { refreshData } from '@rehearse/data'
import type { RefreshOutcome } from '@rehearse/data'
import {
  createMariaDatabase,
  createPostgresDatabase
} from '../migrations/databases.js'
import type { TestDatabase } from '../migrations/databases.js'
import { createMemoryLedger, createMemoryLocks } from '../support/index.js'
import type { MemoryLedger } from '../support/index.js'
import {
  DATA_SECTION,
  historyRows,
  shopRows,
  shopSchema
} from './shop-schema.js'
import type { Dialect, ShopSize } from './shop-schema.js'

export const SHA = 'c'.repeat(40)
export const KEY = 'test-masking-key-0123456789abcdef'

/** The plan of a repository whose staging data is refreshed from production. */
export function planText(data = DATA_SECTION): string {
  return `version: 1
deploy:
  - run: echo deploy
migrations:
  tool: sql
  dir: db
  database-url-env: STAGING_DATABASE_URL
environments:
  staging: {}
  production:
    url: https://shop.example.com
    hosts: [db.prod.example.com]
    requires: [staging]
${data}`
}

export function workspaceWith(text: string): {
  workspace: string
  plan: Plan
  remove: () => void
} {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'rehearse-data-')))
  mkdirSync(join(workspace, '.github'))
  mkdirSync(join(workspace, 'db'))
  writeFileSync(join(workspace, '.github', 'rehearse.yml'), text)
  const plan = loadPlan({
    workspace,
    file: '.github/rehearse.yml',
    environment: 'staging'
  })
  return {
    workspace,
    plan,
    remove: () => rmSync(workspace, { recursive: true, force: true })
  }
}

export function linesReporter(lines: string[]): Reporter {
  return {
    info: m => void lines.push(m),
    warning: m => void lines.push(`warning: ${m}`),
    error: m => void lines.push(`error: ${m}`),
    group: (_t, body) => body(),
    mask: () => undefined
  }
}

/** A source (production replica) and a target (staging) with the shop schema. */
export interface ShopPair {
  readonly dialect: Dialect
  readonly source: TestDatabase
  readonly target: TestDatabase
  readonly ledger: MemoryLedger
  readonly lines: string[]
  refresh(options?: {
    plan?: Plan
    workspace?: string
    env?: Record<string, string>
    environment?: string
  }): Promise<RefreshOutcome>
  drop(): Promise<void>
}

export async function createShopPair(
  dialect: Dialect,
  size: ShopSize
): Promise<ShopPair> {
  const create =
    dialect === 'postgres' ? createPostgresDatabase : createMariaDatabase
  const source = await create()
  const target = await create()
  for (const sql of [...shopSchema(dialect), historyRows(3), ...shopRows(size)])
    await source.query(sql)
  for (const sql of [
    ...shopSchema(dialect),
    historyRows(3),
    ...shopRows({ users: 3, products: 2, ordersPerUser: 1 }, 'staging')
  ])
    await target.query(sql)
  if (dialect === 'postgres') await resetSequences(target)
  const { workspace, plan, remove } = workspaceWith(planText())
  const ledger = createMemoryLedger()
  const locks = createMemoryLocks()
  const lines: string[] = []
  const deps = (env: Record<string, string>): PipelineDeps => ({
    ledger,
    source: {} as PipelineDeps['source'],
    runner: {} as PipelineDeps['runner'],
    reporter: linesReporter(lines),
    clock: { now: () => new Date() },
    baseEnv: {
      PRODUCTION_REPLICA_URL: source.url,
      STAGING_DATABASE_URL: target.url,
      REHEARSE_DATA_KEY: KEY,
      ...env
    },
    locks,
    runId: 'test-run',
    actor: 'tester'
  })
  return {
    dialect,
    source,
    target,
    ledger,
    lines,
    refresh: options =>
      refreshData(
        {
          plan: options?.plan ?? plan,
          environment: options?.environment ?? 'staging',
          workspace: options?.workspace ?? workspace,
          sha: SHA,
          lockReason: 'test refresh'
        },
        deps(options?.env ?? {})
      ),
    drop: async () => {
      remove()
      await Promise.all([source.drop(), target.drop()])
    }
  }
}

async function resetSequences(db: TestDatabase): Promise<void> {
  for (const table of ['users', 'addresses', 'products', 'orders'])
    await db.query(
      `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`
    )
}

export const TABLES = [
  'users',
  'addresses',
  'products',
  'orders',
  'order_items',
  'login_events'
] as const

/** Every row of every shop table as text, in a stable order: equal dumps, equal data. */
export async function dumpTables(
  db: TestDatabase,
  dialect: Dialect
): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {}
  for (const table of [...TABLES, 'rehearse_migrations']) {
    const rows = await db.query<Record<string, unknown>>(
      `select * from ${table}`
    )
    dump[table] = rows
      .map(row =>
        JSON.stringify(
          Object.values(row).map(v => (v instanceof Date ? v.toISOString() : v))
        )
      )
      .sort()
  }
  void dialect
  return dump
}

/** Text-typed columns of a database's tables (what a leak could sit in). */
export async function textColumns(
  db: TestDatabase,
  dialect: Dialect
): Promise<Array<[string, string]>> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    dialect === 'postgres'
      ? `select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'inet', 'json', 'jsonb', 'uuid')`
      : `select table_name as table_name, column_name as column_name from information_schema.columns where table_schema = database() and data_type in ('text', 'varchar', 'char', 'longtext', 'mediumtext')`
  )
  return rows.map(row => [row.table_name, row.column_name])
}

/** Foreign keys whose child rows point at nothing, with their counts. */
export async function brokenForeignKeys(
  db: TestDatabase,
  dialect: Dialect
): Promise<string[]> {
  const fks = await db.query<{
    child: string
    col: string
    parent: string
    pcol: string
  }>(
    dialect === 'postgres'
      ? `select c.relname as child, a.attname as col, p.relname as parent, pa.attname as pcol from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1] join pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[1] join pg_namespace n on n.oid = c.relnamespace where k.contype = 'f' and n.nspname = current_schema()`
      : `select table_name as child, column_name as col, referenced_table_name as parent, referenced_column_name as pcol from information_schema.key_column_usage where table_schema = database() and referenced_table_name is not null`
  )
  const broken: string[] = []
  for (const fk of fks) {
    const [row] = await db.query<{ n: unknown }>(
      `select count(*) as n from ${fk.child} c where c.${fk.col} is not null and not exists (select 1 from ${fk.parent} p where p.${fk.pcol} = c.${fk.col})`
    )
    if (Number(row?.n) > 0)
      broken.push(`${fk.child}.${fk.col} → ${fk.parent}: ${String(row?.n)}`)
  }
  if (fks.length < 6) broken.push(`only ${fks.length} foreign keys found`)
  return broken
}
