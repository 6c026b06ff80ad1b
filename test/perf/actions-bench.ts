// Single actions as the runner runs them (Node 24, emulator on loopback,
// write pacing as shipped): deploy-to-staging with one `true` step next to
// a bare script; run-migrations' peak memory and time on a PostgreSQL
// server and on the embedded PGlite; smoke-test's peak memory.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findNode24 } from '@rehearse/bench'
import type { RunActionResult } from '@rehearse/bench'
import { startPipeline } from '../actions/pipeline-fixture.js'
import { createPostgresDatabase } from '../migrations/databases.js'
import { startMigrations } from '../migrations/migration-fixture.js'
import type { Figure, Section } from './figures.js'
import { mib, sec } from './figures.js'
import { flowRss } from './flow-bench.js'
import { rssProbe } from './peak-rss.js'
import { summarize } from './stats.js'

const MiB = 1024 * 1024
const SERVER_RSS_TARGET = 80 * MiB
const PGLITE_RSS_TARGET = 400 * MiB

const TRUE_PLAN = `version: 1
deploy:
  - run: "true"
environments:
  staging: {}
`

const ms = (result: RunActionResult): number =>
  result.main.durationMs + (result.post?.durationMs ?? 0)

function ok(name: string, result: RunActionResult): RunActionResult {
  if (result.main.exitCode !== 0 || (result.post?.exitCode ?? 0) !== 0)
    throw new Error(`${name} failed:\n${result.log}`)
  return result
}

// `true` as a script of its own, the floor of any step runner.
function bareScript(dir: string): number {
  const script = join(dir, 'bare.sh')
  writeFileSync(script, '#!/bin/sh\ntrue\n')
  chmodSync(script, 0o755)
  const samples = Array.from({ length: 5 }, () => {
    const started = process.hrtime.bigint()
    spawnSync(script)
    return Number(process.hrtime.bigint() - started) / 1e6
  })
  return summarize(samples).median
}

export async function benchActions(): Promise<Section> {
  const node = findNode24()
  if (!node) throw new Error('Node 24 is missing: run npm run node24')
  const probe = rssProbe()
  const extra = { node, env: probe.env }
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-actions-'))
  const rss = new Map<string, number>(flowRss)
  const note = (action: string, bytes: number) =>
    rss.set(action, Math.max(rss.get(action) ?? 0, bytes))
  const figures: Figure[] = []
  const details: string[] = []
  try {
    // deploy-to-staging, one `true` step, main + post.
    const p = await startPipeline({ '.github/rehearse.yml': TRUE_PLAN })
    let trueMs: number
    try {
      ok('deploy-to-staging', await p.run('deploy-to-staging', {}, extra))
      probe.take()
      await p.commit({ 'app.txt': 'two\n' }, 'release 2')
      trueMs = ms(
        ok('deploy-to-staging', await p.run('deploy-to-staging', {}, extra))
      )
      note('deploy-to-staging', probe.take())
    } finally {
      await p.close()
    }
    const bare = bareScript(dir)
    figures.push({
      figure:
        'deploy-to-staging with one `true` step (main + post, loopback API)',
      value: sec(trueMs),
      baseline: `bare script ${bare.toFixed(1)} ms`,
      target: '—'
    })

    // run-migrations: a PostgreSQL server, then the embedded PGlite.
    const migrations = {
      'V1__accounts.sql': 'create table accounts (id int primary key);\n',
      'V2__name.sql': 'alter table accounts add column name text;\n'
    }
    const db = await createPostgresDatabase()
    const m = await startMigrations(migrations)
    try {
      probe.take()
      const server = ok(
        'run-migrations',
        await m.run('run-migrations', { 'database-url': db.url }, extra)
      )
      const serverRss = probe.take()
      note('run-migrations', serverRss)
      await m.commit({ 'app.txt': 'again\n' }, 'again')
      const embedded = ok(
        'run-migrations',
        await m.run('run-migrations', {}, extra)
      )
      const pgliteRss = probe.take()
      // Again on the data directory the first run made: no initdb.
      await m.commit({ 'app.txt': 'third\n' }, 'third')
      const reopened = ok(
        'run-migrations',
        await m.run('run-migrations', {}, extra)
      )
      const reopenRss = probe.take()
      details.push(
        `run-migrations, 2 migrations: on PostgreSQL ${sec(ms(server))}, peak ${mib(serverRss)}; on embedded PGlite, first run (a fresh data directory: PGlite runs initdb in WebAssembly) ${sec(ms(embedded))}, peak ${mib(pgliteRss)}; again on that data directory ${sec(ms(reopened))}, peak ${mib(reopenRss)}.`
      )
      figures.push(
        {
          figure:
            'run-migrations on embedded PGlite, peak RSS, first run (fresh data directory)',
          value: mib(pgliteRss),
          baseline: `on PostgreSQL ${mib(serverRss)}`,
          target: '≤ 400 MiB',
          met: pgliteRss <= PGLITE_RSS_TARGET
        },
        {
          figure:
            'run-migrations on embedded PGlite, peak RSS, later runs (data directory exists)',
          value: mib(reopenRss),
          baseline: `on PostgreSQL ${mib(serverRss)}`,
          target: '≤ 400 MiB',
          met: reopenRss <= PGLITE_RSS_TARGET
        },
        {
          figure:
            'run-migrations on embedded PGlite, wall (2 migrations, main + post)',
          value: sec(ms(embedded)),
          baseline: `on PostgreSQL ${sec(ms(server))}`,
          target: '—'
        }
      )
    } finally {
      await m.close()
      await db.drop()
    }

    // smoke-test against a loopback server answering 200.
    const site = createServer((_, response) => response.end('ok'))
    await new Promise<void>(resolve => site.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
    const s = await startPipeline({
      '.github/rehearse.yml': `${TRUE_PLAN}smoke:\n  checks:\n    - { name: home, path: / }\n`
    })
    try {
      probe.take()
      ok('smoke-test', await s.run('smoke-test', { url }, extra))
      note('smoke-test', probe.take())
    } finally {
      await s.close()
      site.close()
    }
  } finally {
    probe.close()
    rmSync(dir, { recursive: true, force: true })
  }
  for (const [action, bytes] of [...rss].sort()) {
    figures.push({
      figure: `peak RSS, ${action} (database server where it migrates)`,
      value: mib(bytes),
      baseline: '—',
      target: '≤ 80 MiB',
      met: bytes <= SERVER_RSS_TARGET
    })
  }
  details.push(
    'Peak RSS is the largest of an action’s processes (main, post), read by each process itself (getrusage) at exit. refresh-data is not measured: it needs a production replica.'
  )
  return { figures, details }
}
