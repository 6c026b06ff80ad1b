// `refresh-data` on 1,000,000 rows next to pg_dump | pg_restore of the same
// data, on this machine's PostgreSQL. Part of `npm run bench`; alone:
//   node --import ./scripts/ts/register-ts.mjs test/perf/data.ts
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { refreshData } from '@rehearse/data'
import { createConsoleReporter, loadPlan } from '@rehearse/engine'
import type { PipelineDeps } from '@rehearse/engine'
import { createMemoryLedger, createMemoryLocks } from '../support/index.js'
import { figureTable } from './figures.js'
import type { Section } from './figures.js'

const ADMIN = 'postgres://postgres@127.0.0.1:5432/test'
const CUSTOMERS = 200_000
const ORDERS = 800_000

const SCHEMA = `
create table rehearse_migrations (version varchar(50) primary key, name varchar(200) not null, checksum char(64) not null, status varchar(10) not null);
insert into rehearse_migrations values ('1', 'init', repeat('0', 64), 'success');
create table customers (id bigint primary key, email text not null unique, full_name text not null, phone text, city text not null, plan text not null, created_at timestamptz not null);
create table orders (id bigint primary key, customer_id bigint not null references customers (id), total numeric(10, 2) not null, status text not null, placed_at timestamptz not null);
create index orders_customer on orders (customer_id);`

const DATA = `
insert into customers select i, 'customer' || i || '@mail.example.org', 'Customer Number ' || i, '+44 20 7946 ' || lpad((i % 10000)::text, 4, '0'), 'City ' || (i % 500), case when i % 4 = 0 then 'pro' else 'free' end, timestamptz '2020-01-01' + i * interval '1 minute' from generate_series(1, ${CUSTOMERS}) i;
insert into orders select i, 1 + (i::bigint * 7919) % ${CUSTOMERS}, (i % 10000) / 100.0, case when i % 10 = 0 then 'refunded' else 'paid' end, timestamptz '2021-01-01' + i * interval '10 seconds' from generate_series(1, ${ORDERS}) i;
analyze;`

const PLAN = `version: 1
deploy:
  - run: echo deploy
environments:
  staging: {}
data:
  source-url-env: SOURCE_URL
  tables:
    customers:
      columns: { email: fake, full_name: fake, phone: hash, city: fake }
    orders:
      columns: { status: keep }
`

async function withDatabases<T>(
  count: number,
  body: (urls: string[]) => Promise<T>
): Promise<T> {
  const names = Array.from(
    { length: count },
    (_, i) => `rehearse_bench_data_${process.pid}_${i}`
  )
  const admin = new pg.Client({ connectionString: ADMIN })
  await admin.connect()
  try {
    for (const name of names) await admin.query(`create database ${name}`)
    return await body(
      names.map(name => `postgres://postgres@127.0.0.1:5432/${name}`)
    )
  } finally {
    for (const name of names)
      await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => undefined)
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function deps(source: string, target: string): PipelineDeps {
  return {
    ledger: createMemoryLedger(),
    source: {} as PipelineDeps['source'],
    runner: {} as PipelineDeps['runner'],
    reporter: createConsoleReporter(() => undefined),
    clock: { now: () => new Date() },
    baseEnv: {
      SOURCE_URL: source,
      DATABASE_URL: target,
      REHEARSE_DATA_KEY: 'bench-key-0123456789abcdef'
    },
    locks: createMemoryLocks(),
    runId: 'bench',
    actor: 'bench'
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const perSecond = (rows: number, ms: number): string =>
  `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`

/**
 * Refreshes 1,000,000 rows (200,000 customers with four masked columns,
 * 800,000 orders referencing them) into an empty copy of the schema, and
 * times pg_dump -Fc | pg_restore of the same two tables: into the same
 * empty schema (--data-only), and into an empty database (schema, data,
 * then indexes and keys, pg_restore's fastest path).
 */
export async function benchData(): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-data-'))
  try {
    mkdirSync(join(dir, '.github'))
    writeFileSync(join(dir, '.github', 'rehearse.yml'), PLAN)
    const plan = loadPlan({
      workspace: dir,
      file: '.github/rehearse.yml',
      environment: 'staging'
    })
    return await withDatabases(
      4,
      async ([source = '', target = '', dataOnly = '', empty = '']) => {
        await run(source, SCHEMA + DATA)
        await run(
          target,
          SCHEMA.replace(/insert into rehearse_migrations[^;]*;/, '')
        )
        await run(
          dataOnly,
          SCHEMA.replace(/insert into rehearse_migrations[^;]*;/, '')
        )
        const started = performance.now()
        const outcome = await refreshData(
          {
            plan,
            environment: 'staging',
            workspace: dir,
            sha: 'b'.repeat(40),
            lockReason: 'bench',
            progress: () => undefined
          },
          deps(source, target)
        )
        const ours = performance.now() - started
        if (outcome.status !== 'success')
          throw new Error(outcome.receipt.message)
        const rows = outcome.receipt.rows
        const dump = (args: string[], into: string) => {
          const start = performance.now()
          execFileSync('bash', [
            '-o',
            'pipefail',
            '-c',
            `pg_dump -Fc -t customers -t orders "$1" | pg_restore ${args.join(' ')} -d "$2"`,
            'bench',
            source,
            into
          ])
          return performance.now() - start
        }
        const restoreData = dump(
          ['--data-only', '--disable-triggers', '--no-owner'],
          dataOnly
        )
        const restoreAll = dump(['--no-owner'], empty)
        const ratio = ours / restoreData
        return {
          figures: [
            {
              figure: 'refresh-data, 1,000,000 rows, masked (issue 15)',
              value: `${seconds(ours)} (${perSecond(rows, ours)})`,
              baseline: `pg_dump -Fc | pg_restore --data-only: ${seconds(restoreData)}`,
              target: '≤ 2× pg_dump | pg_restore',
              met: ratio <= 2
            }
          ],
          details: [
            `${rows.toLocaleString('en-US')} rows (${CUSTOMERS.toLocaleString('en-US')} customers, 4 masked columns; ${ORDERS.toLocaleString('en-US')} orders with a foreign key) on PostgreSQL at 127.0.0.1:5432.`,
            `- refresh-data (snapshot, detection, masking, COPY, keys re-added, orphan count, leak probe): ${seconds(ours)}, ${perSecond(rows, ours)}`,
            `- pg_dump -Fc | pg_restore --data-only into the same empty schema (nothing masked): ${seconds(restoreData)}, ${perSecond(rows, restoreData)}`,
            `- pg_dump -Fc | pg_restore into an empty database (schema, data, then indexes): ${seconds(restoreAll)}, ${perSecond(rows, restoreAll)}`,
            `- ratio refresh-data / pg_restore --data-only: ${ratio.toFixed(2)}× (vs the full restore: ${(ours / restoreAll).toFixed(2)}×)`
          ]
        }
      }
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await benchData()
  for (const line of [...figureTable(section.figures), ...section.details])
    console.log(line)
}
