import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFileLedger } from '@rehearse/cli'
import { loadPlan } from '@rehearse/engine'
import type { Reporter } from '@rehearse/engine'
import { prepareSmoke, runSmoke } from '@rehearse/smoke'
import type { Section } from './figures.js'
import { times } from './figures.js'
import { ms, summarize } from './stats.js'

const LATENCY_MS = 50
const CHECKS = 100
const SAMPLES = 50
const ROUNDS = 5

// The server runs in its own process, so its timers and the client's share
// no event loop; it times each request from arrival to the last byte sent.
const SERVER = `
const http = require('node:http')
const times = []
const server = http.createServer((request, response) => {
  if (request.url === '/__times') return response.end(JSON.stringify(times.splice(0)))
  const started = process.hrtime.bigint()
  response.on('finish', () => times.push(Number(process.hrtime.bigint() - started) / 1e6))
  setTimeout(() => response.end('ok'), ${LATENCY_MS})
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
`

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const port = await new Promise<string>(resolve =>
    child.stdout?.once('data', (chunk: Buffer) =>
      resolve(chunk.toString().trim())
    )
  )
  return { url: `http://127.0.0.1:${port}`, child }
}

const quiet: Reporter = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_title, body) => body(),
  mask: () => undefined
}

/** Runs the smoke stage with the given `smoke:` section; wall time in ms. */
async function stage(dir: string, url: string, smoke: string) {
  const workspace = mkdtempSync(join(dir, 'ws-'))
  mkdirSync(join(workspace, '.github'))
  writeFileSync(
    join(workspace, '.github/rehearse.yml'),
    `version: 1\ndeploy:\n  - run: echo\nenvironments:\n  staging: {}\nsmoke:\n${smoke}`
  )
  const plan = loadPlan({
    workspace,
    file: '.github/rehearse.yml',
    environment: 'staging'
  })
  const deps = {
    ledger: createFileLedger(join(workspace, 'ledger.json')),
    reporter: quiet,
    clock: { now: () => new Date() },
    baseEnv: {}
  }
  const request = {
    plan,
    environment: 'staging',
    sha: 'a'.repeat(40),
    workspace,
    url,
    baseline: 'none'
  }
  const started = performance.now()
  const prepared = prepareSmoke({ ...request, env: deps.baseEnv })
  const outcome = await runSmoke(request, prepared, deps)
  if (outcome.status !== 'success') throw new Error(outcome.summary)
  return { wall: performance.now() - started, outcome }
}

// No concurrency: the default a user gets.
const checks = (count: number, concurrency?: number): string =>
  (concurrency ? `  concurrency: ${concurrency}\n` : '') +
  `  wait-for-healthy: { deadline-seconds: 0 }\n  checks:\n` +
  Array.from(
    { length: count },
    (_, i) => `    - { name: c${i}, path: /c${i} }\n`
  ).join('')

const p50 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? NaN
}

export async function benchSmoke(): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-smoke-'))
  const { url, child } = await startServer()
  try {
    await stage(dir, url, checks(1)) // warm-up: JIT, connection pool
    // Alternating rounds, medians: one check takes tens of milliseconds,
    // so a busy moment of the machine would swing a single ratio.
    const ones: number[] = []
    const manys: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      ones.push((await stage(dir, url, checks(1))).wall)
      manys.push((await stage(dir, url, checks(CHECKS))).wall)
    }
    const one = summarize(ones).median
    const many = summarize(manys).median
    const defaults = many / one
    const eight = (await stage(dir, url, checks(CHECKS, 8))).wall
    const lines = [
      `Loopback server answering every request after ${LATENCY_MS} ms, in its own process; medians of ${ROUNDS} alternating rounds (one check: ${ones.map(ms).join(', ')}; ${CHECKS} checks: ${manys.map(ms).join(', ')}).`,
      '',
      '| checks | concurrency | wall (stage, ledger writes included) | × one check |',
      '| --- | --- | --- | --- |',
      `| 1 | default | ${ms(one)} | 1.0× |`,
      `| ${CHECKS} | default | ${ms(many)} | ${defaults.toFixed(1)}× |`,
      `| ${CHECKS} | 8 | ${ms(eight)} | ${(eight / one).toFixed(1)}× |`
    ]
    await fetch(`${url}/__times`)
    const sampled = await stage(
      dir,
      url,
      `  wait-for-healthy: { deadline-seconds: 0 }\n  checks:\n    - { name: sampled, path: /s, samples: ${SAMPLES} }\n`
    )
    const server = (await (await fetch(`${url}/__times`)).json()) as number[]
    // The first request is the check's passing attempt, not a sample.
    const client = sampled.outcome.checks[0]?.latenciesMs ?? []
    const serverP50 = p50(server.slice(1))
    const clientP50 = sampled.outcome.checks[0]?.p50Ms ?? NaN
    lines.push(
      '',
      `The first check runs alone (it waits for healthy), the other ${CHECKS - 1} at the given concurrency.`,
      '',
      '| latency, p50 of one check sampled ' + `${SAMPLES}×` + ' | ms |',
      '| --- | --- |',
      `| measured by smoke-test (request sent → body read) | ${ms(clientP50)} |`,
      `| server-side (request received → response sent) | ${ms(serverP50)} |`,
      `| difference | ${ms(clientP50 - serverP50)} |`,
      `| samples (client / server) | ${client.length} / ${server.length - 1} |`
    )
    return {
      details: lines,
      figures: [
        {
          figure: `smoke, ${CHECKS} checks at default settings (server answers after ${LATENCY_MS} ms)`,
          value: times(defaults),
          baseline: `one check ${ms(one)}`,
          target: '≤ 3× one check',
          met: defaults <= 3
        }
      ]
    }
  } finally {
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}
