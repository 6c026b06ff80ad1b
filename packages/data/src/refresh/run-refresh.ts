import type { PipelineDeps } from '@rehearse/engine'
import type { DataConfig } from '../config/data-config.js'
import { TargetLoad } from '../copy/target-load.js'
import type { DataConnection } from '../db/connection.js'
import { createKeyedHash } from '../mask/keyed-hash.js'
import { planRefresh } from '../policy/plan-refresh.js'
import type { RefreshPlan } from '../policy/table-plan.js'
import type { DataReceipt } from '../receipt/data-receipt.js'
import { CopyProgress } from '../report/progress.js'
import { selectSubset } from '../subset/select-subset.js'
import type { SubsetSelection } from '../subset/select-subset.js'
import { buildSubsetGraph } from '../subset/subset-graph.js'
import { probeLeaks } from '../verify/leak-probe.js'
import type { OrphanCount } from '../verify/orphans.js'
import { buildReceipt } from './build-receipt.js'
import { copyAll } from './copy-all.js'
import type { RefreshFacts } from './build-receipt.js'
import {
  beginSnapshot,
  migrationHead,
  readCatalog,
  sampleColumn
} from './source-snapshot.js'

export interface RunRefreshInput {
  readonly file: string
  readonly environment: string
  readonly sha: string
  readonly config: DataConfig
  readonly key: string
  readonly source: DataConnection
  readonly target: DataConnection
  readonly deps: Pick<PipelineDeps, 'clock' | 'reporter' | 'signal'>
  /** Print progress lines here (the log, the terminal). */
  readonly progress: (line: string) => void
}

/**
 * One refresh on open connections: snapshot the source, plan (rules,
 * detection — a personal column without a rule stops it here, before any
 * write), pick the subset, then in one target transaction replace the
 * tables, count orphans, probe for leaks and commit — or roll back.
 * Always returns the receipt; throws only what happens before the plan
 * is known (a bad rule, a bad subset).
 */
export async function runRefresh(input: RunRefreshInput): Promise<DataReceipt> {
  const { config, source, target, deps } = input
  const facts: RefreshFacts = {
    environment: input.environment,
    sha: input.sha,
    config,
    key: input.key,
    started: deps.clock.now(),
    servers: { source: source.server, target: target.server },
    heads: {},
    copied: new Map(),
    maskers: new Map(),
    orphans: 0
  }
  const done = (outcome: Outcome) =>
    buildReceipt(facts, outcome, deps.clock.now())
  await beginSnapshot(source)
  facts.snapshotAt = deps.clock.now()
  const sourceCatalog = await readCatalog(source)
  const targetCatalog = await readCatalog(target)
  facts.heads = {
    source: await migrationHead(source, sourceCatalog, config.historyTable),
    target: await migrationHead(target, targetCatalog, config.historyTable)
  }
  const plan = await planRefresh({
    config,
    source: sourceCatalog,
    target: targetCatalog,
    file: input.file,
    sample: (table, column) =>
      sampleColumn(source, table, column, config.sampleRows)
  })
  facts.plan = plan
  if (plan.blocked.length > 0)
    return done({
      status: 'blocked',
      reason: 'data_unmasked_columns',
      message: describeBlocked(input, plan)
    })
  facts.constrained = buildSubsetGraph(plan.tables).constrained
  const subset =
    facts.constrained.size > 0
      ? await selectSubset(plan.tables, config.seed, source)
      : undefined
  const load = new TargetLoad(
    target,
    targetCatalog,
    [...plan.tables.map(t => t.name), ...plan.emptied],
    plan.tables.map(t => t.name)
  )
  return done(await replaceTarget(input, load, plan, subset, facts))
}

type Outcome = Parameters<typeof buildReceipt>[1]

// Everything that writes, in the target's one transaction.
async function replaceTarget(
  input: RunRefreshInput,
  load: TargetLoad,
  plan: RefreshPlan,
  subset: SubsetSelection | undefined,
  facts: RefreshFacts
): Promise<Outcome> {
  const { config, source, target, deps } = input
  const hash = createKeyedHash(input.key)
  try {
    await load.begin()
    const filter = await copyAll(
      {
        plan,
        subset,
        source,
        target,
        hash,
        seed: config.seed,
        signal: deps.signal,
        progress: (rows, tables) =>
          new CopyProgress(deps.clock, input.progress, rows, tables)
      },
      facts
    )
    const orphans = await load.finish()
    facts.orphans = orphans.reduce((n, o) => n + o.rows, 0)
    if (facts.orphans > 0) {
      await load.rollback()
      return { status: 'failure', message: describeOrphans(orphans) }
    }
    facts.leak = await probeLeaks({
      tables: plan.tables,
      maskers: facts.maskers,
      source,
      target,
      filter,
      hash,
      rows: config.probeRows
    })
    if (facts.leak.matches > 0) {
      await load.rollback()
      return {
        status: 'failure',
        reason: 'data_leak',
        message: describeLeak(facts)
      }
    }
    await load.commit()
    return { status: 'success' }
  } catch (error) {
    await load.rollback()
    const cancelled = deps.signal?.aborted === true
    return {
      status: 'failure',
      ...(cancelled ? { reason: 'cancelled' } : {}),
      message: `${cancelled ? 'cancelled' : (error as Error).message}; the target was rolled back`
    }
  }
}

function describeOrphans(orphans: readonly OrphanCount[]): string {
  const which = orphans
    .filter(o => o.rows > 0)
    .map(o => `${o.table} → ${o.references} (${o.foreignKey}): ${o.rows}`)
  return `orphaned rows after the copy, rolled back: ${which.join('; ')}`
}

function describeBlocked(input: RunRefreshInput, plan: RefreshPlan): string {
  const lines = plan.blocked.map(
    b =>
      `- ${b.table}.${b.column}: ${b.why} (e.g. ${b.column}: { fake: ${b.kind} }, or hash, null, keep)`
  )
  return `${plan.blocked.length} column(s) look personal and have no masking rule, so nothing was copied and ${input.environment} is left as it was:\n${lines.join('\n')}\nAdd a rule for each under data.tables.<table>.columns in ${input.file} (keep, if a column holds nothing personal).`
}

function describeLeak(facts: RefreshFacts): string {
  const found =
    facts.leak?.findings.map(
      f => `${f.table}.${f.column} (${f.rows} sampled rows)`
    ) ?? []
  return `the leak probe found source values in masked columns: ${found.join(', ')}; everything was rolled back`
}
