import { runFlow } from './flows.js'
import type { FlowRecord, FlowSettings } from './flows.js'
import { flowSeed } from './prng.js'
import { startShared } from './world.js'

/** What a campaign runs. */
export interface CampaignOptions extends FlowSettings {
  readonly flows: number
  readonly seed: number
  /** Flows at once (each is a few child processes, one after another). */
  readonly concurrency: number
  /** Replay exactly these flow seeds instead of drawing `flows` of them. */
  readonly replay?: readonly number[]
  readonly onFlow?: (record: FlowRecord, done: number) => void
}

/** The campaign's figures, as written to reliability/faults.json. */
export interface CampaignResult {
  readonly seed: number
  readonly flows: number
  readonly flowsByKind: { readonly push: number; readonly comment: number }
  readonly faultRate: number
  readonly faultsInjected: number
  readonly faultsByKind: Record<string, number>
  /** Flows whose SIGINT/SIGTERM hit a running step (then post and a re-run). */
  readonly cancelled: number
  /** Flows whose runner was killed (SIGKILL, no post) in a running step. */
  readonly killed: number
  readonly stepsRun: number
  readonly violations: {
    seed: number
    kind: string
    violations: string[]
    replay: string
  }[]
  readonly durationSeconds: number
}

/** The command that replays one flow. */
export function replayCommand(seed: number): string {
  return `FAULT_REPLAY=${seed} npm run test:faults`
}

/** Runs the flows, `concurrency` at a time, and sums them up. */
export async function runCampaign(
  options: CampaignOptions
): Promise<CampaignResult> {
  const started = Date.now()
  const seeds =
    options.replay ??
    Array.from({ length: options.flows }, (_, i) => flowSeed(options.seed, i))
  const shared = await startShared()
  const records: FlowRecord[] = []
  let next = 0
  try {
    const worker = async () => {
      while (next < seeds.length) {
        const seed = seeds[next++] as number
        const record = await runFlow(seed, shared, options)
        records.push(record)
        options.onFlow?.(record, records.length)
      }
    }
    await Promise.all(
      Array.from(
        { length: Math.min(options.concurrency, seeds.length) },
        worker
      )
    )
  } finally {
    await shared.close()
  }
  const faultsByKind: Record<string, number> = {}
  for (const record of records)
    for (const [kind, count] of Object.entries(record.faults))
      faultsByKind[kind] = (faultsByKind[kind] ?? 0) + count
  const stopped = records.filter(r => r.stopped)
  return {
    seed: options.seed,
    flows: records.length,
    flowsByKind: {
      push: records.filter(r => r.kind === 'push').length,
      comment: records.filter(r => r.kind === 'comment').length
    },
    faultRate: options.rate,
    faultsInjected: Object.values(faultsByKind).reduce((a, b) => a + b, 0),
    faultsByKind: Object.fromEntries(Object.entries(faultsByKind).sort()),
    cancelled: stopped.filter(r => r.stop?.signal !== 'SIGKILL').length,
    killed: stopped.filter(r => r.stop?.signal === 'SIGKILL').length,
    stepsRun: records.reduce((sum, r) => sum + r.steps.length, 0),
    violations: records
      .filter(r => r.violations.length > 0)
      .map(r => ({
        seed: r.seed,
        kind: r.kind,
        violations: r.violations,
        replay: replayCommand(r.seed)
      })),
    durationSeconds: Math.round((Date.now() - started) / 1000)
  }
}
