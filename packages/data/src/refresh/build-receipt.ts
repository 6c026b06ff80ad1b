import type { DataConfig } from '../config/data-config.js'
import type { Masker } from '../mask/column-masker.js'
import { keyFingerprint } from '../mask/keyed-hash.js'
import type { RefreshPlan, TablePlan } from '../policy/table-plan.js'
import { capList } from '../receipt/data-receipt.js'
import type { DataReceipt, ReceiptTable } from '../receipt/data-receipt.js'
import { policyHash } from '../receipt/policy-hash.js'
import type { LeakProbeResult } from '../verify/leak-probe.js'

/** What one refresh learned, step by step; the receipt is made from it. */
export interface RefreshFacts {
  readonly environment: string
  readonly sha: string
  readonly config: DataConfig
  readonly key: string | undefined
  readonly started: Date
  snapshotAt?: Date
  servers: { source?: string; target?: string }
  heads: { source?: string; target?: string }
  plan?: RefreshPlan
  constrained?: ReadonlySet<string>
  copied: Map<string, { rows: number; synthetic: number }>
  maskers: Map<string, readonly Masker[]>
  orphans: number
  leak?: LeakProbeResult
}

const NO_LEAK = { columns: 0, sampled: 0, matches: 0, findings: [] }

/** The rule as the summary shows it: `fake:email`, `hash`, `constant`. */
export function ruleLabel(
  masker: Masker,
  plan: TablePlan['columns'][number]
): string {
  const rule = masker.rule
  return rule.kind === 'fake' ? `fake:${plan.kind}` : rule.kind
}

export function buildReceipt(
  facts: RefreshFacts,
  outcome: { status: DataReceipt['status']; reason?: string; message?: string },
  now: Date
): DataReceipt {
  const tables = facts.plan?.tables ?? []
  const columns = tables.flatMap(t =>
    t.columns.map(c => ({ table: t.name, column: c }))
  )
  const rows = [...facts.copied.values()].reduce((n, t) => n + t.rows, 0)
  const durationMs = now.getTime() - facts.started.getTime()
  return {
    rehearse: 1,
    kind: 'data',
    ...outcome,
    environment: facts.environment,
    sha: facts.sha,
    snapshotAt: facts.snapshotAt?.toISOString(),
    finishedAt: now.toISOString(),
    durationMs,
    schema: {
      historyTable: facts.config.historyTable,
      source: facts.heads.source,
      target: facts.heads.target
    },
    servers: facts.servers,
    policy: {
      hash: policyHash(facts.config),
      seed: facts.config.seed,
      keyFingerprint: facts.key ? keyFingerprint(facts.key) : undefined
    },
    coverage: {
      columns: columns.length,
      ruled: columns.filter(c => c.column.explicit).length,
      masked: columns.filter(c => c.column.rule.kind !== 'keep').length,
      unruled: capList(
        columns
          .filter(c => !c.column.explicit)
          .map(c => `${c.table}.${c.column.name}`)
      ),
      blocked: capList(
        (facts.plan?.blocked ?? []).map(b => `${b.table}.${b.column}`)
      )
    },
    tables: tables.slice(0, 300).map(table => receiptTable(facts, table)),
    skipped: capList(facts.plan?.skipped ?? []),
    emptied: capList(facts.plan?.emptied ?? []),
    rows,
    rowsPerSecond: durationMs > 0 ? (rows / durationMs) * 1000 : 0,
    orphans: facts.orphans,
    leak: facts.leak ?? NO_LEAK
  }
}

function receiptTable(facts: RefreshFacts, table: TablePlan): ReceiptTable {
  const maskers = facts.maskers.get(table.name) ?? []
  const masked = Object.fromEntries(
    table.columns.flatMap((column, i) => {
      const masker = maskers[i]
      return masker && masker.rule.kind !== 'keep'
        ? [[column.name, ruleLabel(masker, column)]]
        : []
    })
  )
  const copied = facts.copied.get(table.name) ?? { rows: 0, synthetic: 0 }
  const subset = table.config?.subset
  return {
    name: table.name,
    rows: copied.rows,
    synthetic: copied.synthetic,
    masked,
    ...(subset
      ? {
          subset:
            'percent' in subset
              ? `${subset.percent} %`
              : `where ${subset.where}`
        }
      : facts.constrained?.has(table.name)
        ? { subset: 'follows' }
        : {})
  }
}
