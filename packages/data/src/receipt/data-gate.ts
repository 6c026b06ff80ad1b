import type { GateCheck, GateExtension, Ledger } from '@rehearse/engine'
import { readDataConfig } from '../config/read-data-config.js'
import { checkDataReceipt } from './check-data-receipt.js'
import { compareVersions } from './compare-versions.js'
import { findDataReceipt } from './find-data-receipt.js'

/**
 * The gate's data check, for plans whose `data.gate` asks for it: each
 * required environment's last refresh is recent, masked every column it
 * had to, leaked nothing, and was taken at or past the schema the target
 * runs now (`data_stale`, `data_unmasked_columns`, `data_leak`,
 * `data_schema_behind`).
 */
export const dataGate: GateExtension = {
  name: 'data',
  async check(input) {
    const policy = readDataConfig(input.plan, input.workspace)?.gate
    if (!policy) return []
    const head = await migrationsHead(input.ledger, input.target)
    const checks: GateCheck[] = []
    for (const environment of input.required) {
      const receipt = await findDataReceipt(
        input.ledger,
        environment,
        input.sha
      )
      const finding = checkDataReceipt({
        receipt,
        policy,
        now: input.clock.now(),
        migrationsHead: head,
        environment
      })
      checks.push({
        id: `data:${environment}`,
        title: `${environment}'s data is a recent, masked copy of ${input.target}'s schema`,
        ok: finding.ok,
        ...(finding.reason ? { reason: finding.reason } : {}),
        message: finding.message
      })
    }
    return checks
  }
}

// The newest migration the target applied, from the migrations report of
// the release it serves; undefined when none is recorded.
async function migrationsHead(
  ledger: Ledger,
  target: string
): Promise<string | undefined> {
  const serving = await ledger.lastSuccessfulDeployment(target)
  if (!serving) return undefined
  const report = await ledger.readReport(serving.sha, target, 'migrations')
  const listed = (report?.data as { migrations?: unknown } | undefined)
    ?.migrations
  if (!Array.isArray(listed)) return undefined
  const versions = listed
    .map(entry => (Array.isArray(entry) ? entry[0] : undefined))
    .filter((v): v is string => typeof v === 'string')
  return versions.sort(compareVersions).at(-1)
}
