// `npm run test:faults`: the whole fault campaign (FAULT_FLOWS flows,
// default 500), its figures written to reliability/faults.json; the
// load test follows unless FAULT_LOAD=0. A failing flow is printed with
// the command that replays it (FAULT_REPLAY=<seed>[,<seed>…]).
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCampaign } from './campaign.js'
import type { FlowRecord } from './flows.js'
import { runLoad } from './load.js'
import type { LoadResult } from './load.js'

const root = join(import.meta.dirname, '..', '..')
const env = process.env
const number = (name: string, fallback: number): number => {
  const value = Number(env[name])
  return env[name] && Number.isFinite(value) ? value : fallback
}

const replay = env.FAULT_REPLAY
  ? env.FAULT_REPLAY.split(',').map(seed => Number(seed.trim()))
  : undefined
const options = {
  flows: number('FAULT_FLOWS', 500),
  seed: number('FAULT_SEED', 20261206),
  concurrency: number('FAULT_CONCURRENCY', 4),
  rate: number('FAULT_RATE', 0.1),
  stopShare: number('FAULT_STOP_SHARE', 0.3),
  ...(replay ? { replay } : {})
}

function show(record: FlowRecord, done: number): void {
  const stop = record.stop
    ? ` ${record.stop.signal}@${record.stop.step}+${record.stop.afterMs}ms${record.stopped ? '' : '(late)'}`
    : ''
  const steps = record.steps
    .map(s => `${s.name}=${s.exit}${s.reason ? `:${s.reason}` : ''}`)
    .join(' ')
  const faults = Object.values(record.faults).reduce((a, b) => a + b, 0)
  const mark = record.violations.length ? 'FAIL' : 'ok'
  console.log(
    `${mark} #${done} seed ${record.seed} ${record.kind}${stop} faults ${faults} ${(record.durationMs / 1000).toFixed(1)}s  ${steps}`
  )
  for (const v of record.violations) console.log(`    ${v}`)
  for (const log of record.logs) console.log(log)
  if (record.violations.length)
    console.log(`    replay: FAULT_REPLAY=${record.seed} npm run test:faults`)
}

const result =
  options.flows > 0 || replay
    ? await runCampaign({ ...options, onFlow: show })
    : undefined
if (result) {
  const { violations: _v, ...figures } = result
  console.log(JSON.stringify(figures, null, 2))
}

// 50 PRs commenting `.deploy` at once over 10 environments (too slow for
// the jest run on two cores: about 150 child processes).
let load: LoadResult | undefined
if (!replay && env.FAULT_LOAD !== '0') {
  load = await runLoad({
    prs: number('FAULT_LOAD_PRS', 50),
    environments: number('FAULT_LOAD_ENVIRONMENTS', 10),
    concurrency: number('FAULT_LOAD_CONCURRENCY', 8)
  })
  console.log(JSON.stringify({ load }, null, 2))
}

if (!replay) {
  const file = join(root, 'reliability', 'faults.json')
  // A load run alone (FAULT_FLOWS=0) keeps the campaign's last figures.
  const kept = result
    ? { generatedAt: new Date().toISOString(), ...result }
    : (JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as object)
  await mkdir(join(root, 'reliability'), { recursive: true })
  await writeFile(
    file,
    `${JSON.stringify({ ...kept, ...(load ? { load } : {}) }, null, 2)}\n`
  )
}
const loadBroken = load
  ? [...load.overlaps, ...load.unanswered, ...load.violations]
  : []
if (loadBroken.length > 0) {
  console.error('the load test broke an invariant:')
  for (const line of loadBroken) console.error(`  ${line}`)
  process.exitCode = 1
}
if (result && result.violations.length > 0) {
  console.error(`${result.violations.length} flows broke an invariant:`)
  for (const v of result.violations)
    console.error(`  seed ${v.seed} (${v.kind}): ${v.replay}`)
  process.exitCode = 1
} else if (result) {
  console.log(
    `${result.flows} flows, ${result.cancelled} cancelled, ${result.killed} killed, ${result.faultsInjected} faults: no invariant broken`
  )
}
