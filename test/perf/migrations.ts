import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createConsoleReporter, loadPlan } from '@rehearse/engine'
import type { PipelineDeps, StageReport } from '@rehearse/engine'
import { createMigrationStage } from '@rehearse/migrations'
import type { Section } from './figures.js'
import { times } from './figures.js'
import { ms, summarize } from './stats.js'

const COUNT = 1000
const ROUNDS = 3
const ADMIN = 'postgres://postgres@127.0.0.1:5432/test'

const migrationSql = (i: number): string =>
  `create table t${i} (id int primary key, name text not null default '');\ninsert into t${i} (id) values (${i});\n`

// psql's fair share of the work: each migration with its history row,
// committed once, as run-migrations commits each.
const HISTORY_TABLE =
  'create table bench_history (version int primary key, applied_at timestamptz not null default now());\n'
const committedOnce = (i: number): string =>
  `begin;\n${migrationSql(i)}insert into bench_history (version) values (${i});\ncommit;\n`

// Just enough of the engine's ports for the stage to run outside GitHub.
function benchDeps(): PipelineDeps {
  const reports = new Map<string, StageReport>()
  return {
    ledger: {
      setStage: async () => undefined,
      saveReport: async (
        sha: string,
        env: string,
        stage: string,
        report: StageReport
      ) => void reports.set(`${sha}/${env}/${stage}`, report),
      readReport: async (sha: string, env: string, stage: string) =>
        reports.get(`${sha}/${env}/${stage}`)
    } as unknown as PipelineDeps['ledger'],
    source: {} as PipelineDeps['source'],
    runner: {} as PipelineDeps['runner'],
    reporter: createConsoleReporter(() => undefined),
    clock: { now: () => new Date() },
    baseEnv: {},
    locks: {} as PipelineDeps['locks'],
    runId: 'bench',
    actor: 'bench'
  }
}

async function withDatabase<T>(body: (url: string) => Promise<T>): Promise<T> {
  const name = `rehearse_bench_${process.pid}_${Date.now()}`
  const admin = new pg.Client({ connectionString: ADMIN })
  await admin.connect()
  await admin.query(`create database ${name}`)
  try {
    return await body(`postgres://postgres@127.0.0.1:5432/${name}`)
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

/**
 * Time to apply 1,000 small migrations with run-migrations (lock, checksum
 * validation, lint, one transaction and history row per migration, catalog
 * diff) next to the same SQL fed to psql in one run, on real PostgreSQL.
 */
export async function benchMigrations(): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-migrations-'))
  try {
    mkdirSync(join(dir, '.github'))
    mkdirSync(join(dir, 'db'))
    writeFileSync(
      join(dir, '.github', 'rehearse.yml'),
      'version: 1\ndeploy:\n  - run: echo deploy\nenvironments:\n  staging: {}\nmigrations: { tool: sql, dir: db }\n'
    )
    const all: string[] = []
    const each: string[] = [HISTORY_TABLE]
    for (let i = 1; i <= COUNT; i++) {
      writeFileSync(join(dir, 'db', `V${i}__table_${i}.sql`), migrationSql(i))
      all.push(migrationSql(i))
      each.push(committedOnce(i))
    }
    writeFileSync(join(dir, 'all.sql'), all.join(''))
    writeFileSync(join(dir, 'each.sql'), each.join(''))
    const plan = loadPlan({
      workspace: dir,
      file: '.github/rehearse.yml',
      environment: 'staging'
    })
    const runOurs = () =>
      withDatabase(async databaseUrl => {
        const started = performance.now()
        // The stage as the pipeline runs it, without the pipeline around it.
        const stage = createMigrationStage({
          databaseUrl,
          dryRun: false,
          rehearseRollback: 'false'
        })
        const context = {
          plan,
          environment: 'staging',
          workspace: dir,
          sha: 'b'.repeat(40),
          deps: benchDeps(),
          required: []
        }
        const prepared = await stage.port.prepare(context)
        await prepared.run({ ...context, url: undefined })
        const outcome = stage.outcome()
        if (!outcome || outcome.applied !== COUNT)
          throw new Error(`applied ${outcome?.applied}`)
        return {
          total: performance.now() - started,
          applying: outcome.durationMs
        }
      })
    const psql = (flags: string[], file = 'all.sql') =>
      withDatabase(async url => {
        const started = performance.now()
        execFileSync('psql', [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          ...flags,
          '-d',
          url,
          '-f',
          join(dir, file)
        ])
        return performance.now() - started
      })
    // Alternating rounds, medians: the server is shared with other work, and
    // its commit (fsync) time drifts between one run and the next.
    const oursRuns: { total: number; applying: number }[] = []
    const equalRuns: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      oursRuns.push(await runOurs())
      equalRuns.push(await psql([], 'each.sql'))
    }
    const ours = {
      total: summarize(oursRuns.map(r => r.total)).median,
      applying: summarize(oursRuns.map(r => r.applying)).median
    }
    const equal = summarize(equalRuns).median
    const autocommit = await psql([])
    const single = await psql(['--single-transaction'])
    const details = [
      `Medians of ${ROUNDS} alternating rounds (run-migrations, then psql with equal commits); runs: ${oursRuns.map(r => ms(r.total)).join(', ')} vs ${equalRuns.map(ms).join(', ')}.`,
      `${COUNT} migrations, each a CREATE TABLE and an INSERT, on PostgreSQL at 127.0.0.1:5432.`,
      `- run-migrations, whole stage: ${ms(ours.total)} (${ms(ours.total / COUNT)} per migration)`,
      `- of which applying (one transaction + history row each): ${ms(ours.applying)}`,
      `- psql -f with the same SQL in one run (autocommit, one commit per statement): ${ms(autocommit)}`,
      `- psql -1 -f (everything in one transaction, the floor): ${ms(single)}`,
      `- psql -f, each migration and a history row in one transaction (one commit per migration, as run-migrations): ${ms(equal)}`,
      `- ratio run-migrations / psql with equal commits: ${times(ours.total / equal)} (applying only: ${times(ours.applying / equal)}; vs autocommit psql ${times(ours.total / autocommit)}, vs psql -1 ${times(ours.total / single)})`
    ]
    return {
      details,
      figures: [
        {
          figure: `${COUNT} migrations, run-migrations whole stage`,
          value: ms(ours.total),
          baseline: `psql, one commit per migration: ${ms(equal)}: ${times(ours.total / equal)}`,
          target: '≤ 1.3× psql',
          met: ours.total / equal <= 1.3
        }
      ]
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
