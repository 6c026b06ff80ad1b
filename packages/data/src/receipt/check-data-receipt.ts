import type { DataGatePolicy } from '../config/data-config.js'
import { compareVersions } from './compare-versions.js'
import type { DataReceipt } from './data-receipt.js'

export type DataGateReason =
  'data_stale' | 'data_unmasked_columns' | 'data_schema_behind' | 'data_leak'

/** The gate's verdict on an environment's data. */
export interface DataGateFinding {
  readonly ok: boolean
  readonly reason?: DataGateReason
  /** What was found, and on a refusal what to do. */
  readonly message: string
}

export interface CheckDataReceiptInput {
  /** The environment's newest receipt (findDataReceipt); undefined: none. */
  readonly receipt: DataReceipt | undefined
  readonly policy: DataGatePolicy
  readonly now: Date
  /**
   * The migration version the data must have been taken at or after:
   * production's current head (e.g. from its last migrations report).
   * Undefined skips the check.
   */
  readonly migrationsHead?: string
  /** The environment, for messages. */
  readonly environment?: string
}

const DAY_MS = 86_400_000

/**
 * Whether an environment's data may stand behind a promotion: a refresh
 * newer than `max-age-days` (`data_stale`), that masked every column it
 * had to (`data_unmasked_columns`; with `require-rules`, every column has
 * a rule), whose leak probe found nothing (`data_leak`), taken from a
 * source at or past `migrationsHead` (`data_schema_behind`). Pure: the
 * caller reads the receipt and the clock.
 */
export function checkDataReceipt(
  input: CheckDataReceiptInput
): DataGateFinding {
  const { receipt, policy, now } = input
  const env = input.environment ?? receipt?.environment ?? 'the environment'
  const refresh = `Refresh it (refresh-data, or rehearse refresh ${env})`
  if (!receipt)
    return refuse(
      'data_stale',
      `${env} has no data refresh on record. ${refresh} first.`
    )
  if (receipt.leak.matches > 0)
    return refuse(
      'data_leak',
      `the last refresh of ${env} found source values in masked columns (${receipt.leak.findings.map(f => `${f.table}.${f.column}`).join(', ')}) and was rolled back. Fix the rules of those columns, then ${refresh.toLowerCase()}.`
    )
  if (receipt.status === 'blocked' || receipt.coverage.blocked.length > 0)
    return refuse(
      'data_unmasked_columns',
      `the last refresh of ${env} was blocked by columns that look personal and have no rule: ${receipt.coverage.blocked.join(', ')}. Give each a rule under data.tables (keep if it is not personal), then ${refresh.toLowerCase()}.`
    )
  if (receipt.status !== 'success')
    return refuse(
      'data_stale',
      `the last refresh of ${env} failed (${receipt.message ?? receipt.reason ?? 'see its log'}). ${refresh} again.`
    )
  if (policy.requireRules && receipt.coverage.unruled.length > 0)
    return refuse(
      'data_unmasked_columns',
      `data.gate.require-rules: ${receipt.coverage.unruled.length} copied columns of ${env} have no rule (${receipt.coverage.unruled.slice(0, 10).join(', ')}). Give each a rule (keep included), then ${refresh.toLowerCase()}.`
    )
  const age =
    now.getTime() - Date.parse(receipt.snapshotAt ?? receipt.finishedAt)
  const days = (age / DAY_MS).toFixed(1)
  if (!(age <= policy.maxAgeDays * DAY_MS))
    return refuse(
      'data_stale',
      `${env}'s data is a snapshot ${days} days old; the plan allows ${policy.maxAgeDays} (data.gate.max-age-days). ${refresh}.`
    )
  const behind = schemaBehind(receipt, input.migrationsHead)
  if (behind)
    return refuse('data_schema_behind', `${env}'s data ${behind}. ${refresh}.`)
  return {
    ok: true,
    message: `${env}'s data: snapshot ${days} days old, ${receipt.coverage.masked} masked columns, leak probe clean (${receipt.leak.sampled} values), source schema ${receipt.schema.source ?? 'unknown'}`
  }
}

function schemaBehind(
  receipt: DataReceipt,
  head: string | undefined
): string | undefined {
  if (head === undefined) return undefined
  const source = receipt.schema.source
  if (source === undefined)
    return `was taken from a source without a migration history (${receipt.schema.historyTable}), so it cannot be shown to be at schema ${head}`
  if (compareVersions(source, head) < 0)
    return `was taken at schema version ${source}, before ${head}: the migrations being promoted were rehearsed on data older than production's schema`
  return undefined
}

function refuse(reason: DataGateReason, message: string): DataGateFinding {
  return { ok: false, reason, message }
}
