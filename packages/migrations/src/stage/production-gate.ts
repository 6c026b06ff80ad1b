import { ConfigurationError } from '@rehearse/core'
import { findRehearsal } from '@rehearse/engine'
import type { PipelineDeps, Plan, StageReport } from '@rehearse/engine'
import { readReportData } from './report-data.js'

/** The set this run would apply: its checksum and (tool sql) each file's. */
export interface MigrationSet {
  readonly checksum: string
  readonly migrations: ReadonlyArray<{ version: string; checksum: string }>
}

const short = (sha: string): string => sha.slice(0, 7)

/**
 * Production runs only the migration set its required environments applied
 * for this code: each must have a successful migrations report for this
 * SHA (or a commit with the same tree) with the same set checksum.
 */
export async function assertRehearsed(
  plan: Plan,
  environment: string,
  sha: string,
  set: MigrationSet,
  deps: PipelineDeps,
  required: readonly string[]
): Promise<void> {
  if (required.length === 0) {
    throw new ConfigurationError(
      `${environment} is a production environment but requires no other environment, so no rehearsal of these migrations can be checked. Add "requires: [staging]" to it in ${plan.file}.`,
      { reason: 'migrations_not_rehearsed' }
    )
  }
  for (const rehearsal of required) {
    const report = await reportFor(rehearsal, sha, deps)
    const problem = compare(report, set)
    if (problem) {
      throw new ConfigurationError(
        `${rehearsal} has not applied this migration set for ${short(sha)}: ${problem}. Run run-migrations in ${rehearsal} for this commit first; production only applies what ${rehearsal} rehearsed.`,
        { reason: 'migrations_not_rehearsed' }
      )
    }
    deps.reporter.info(
      `${rehearsal} applied the same migration set (${set.checksum.slice(0, 19)}) for this code`
    )
  }
}

async function reportFor(
  environment: string,
  sha: string,
  deps: PipelineDeps
): Promise<StageReport | undefined> {
  const same = await deps.ledger.readReport(sha, environment, 'migrations')
  if (same) return same
  const rehearsal = await findRehearsal(
    deps.ledger,
    deps.source,
    environment,
    sha
  )
  if (!rehearsal || rehearsal.sha === sha) return undefined
  return deps.ledger.readReport(rehearsal.sha, environment, 'migrations')
}

function compare(
  report: StageReport | undefined,
  set: MigrationSet
): string | undefined {
  const data = report ? readReportData(report) : undefined
  if (!data) return 'it has no migrations report for this code'
  if (data.status !== 'success')
    return `its last migrations run ended in ${data.status}`
  if (data.setChecksum === set.checksum) return undefined
  const applied = new Map(data.migrations.map(([v, sum]) => [v, sum]))
  const differences = set.migrations.flatMap(({ version, checksum }) => {
    const sum = applied.get(version)
    if (sum === undefined) return [`V${version} is not among them`]
    return checksum.startsWith(sum) ? [] : [`V${version} differs`]
  })
  const current = new Set(set.migrations.map(m => m.version))
  const gone = [...applied.keys()].filter(v => !current.has(v))
  const details = [
    ...differences,
    ...gone.map(v => `V${v} is no longer in the set`)
  ]
  return `the migration files differ from the ones it applied${details.length ? ` (${details.slice(0, 10).join(', ')})` : ''}`
}
