import type { StageReport } from '@rehearse/engine'

/** What a migrations report keeps for later runs (the production gate). */
export interface MigrationReportData {
  readonly rehearse: 1
  readonly status: 'success' | 'failure' | 'cancelled'
  readonly tool: 'sql' | 'command'
  readonly setChecksum: string
  readonly database: string
  /** `[version, checksum prefix]` of every migration in the set. */
  readonly migrations: ReadonlyArray<readonly [string, string]>
  /** Versions this run applied. */
  readonly applied: readonly string[]
  readonly rehearsed: boolean
}

// GitHub keeps ~64 KB of report text; 1,000 migrations fit with short sums.
const MAX_LIST = 1500
const CHECKSUM_PREFIX = 16

export function buildReportData(
  fields: Omit<MigrationReportData, 'rehearse' | 'migrations'> & {
    readonly set: ReadonlyArray<{ version: string; checksum: string }>
  }
): MigrationReportData {
  const { set, ...rest } = fields
  return {
    rehearse: 1,
    ...rest,
    migrations:
      set.length > MAX_LIST
        ? []
        : set.map(
            m => [m.version, m.checksum.slice(0, CHECKSUM_PREFIX)] as const
          ),
    applied: rest.applied.length > MAX_LIST ? [] : rest.applied
  }
}

/** The report's data when it is one of ours; undefined otherwise. */
export function readReportData(
  report: StageReport
): MigrationReportData | undefined {
  const data = report.data as Partial<MigrationReportData>
  if (data.rehearse !== 1 || typeof data.setChecksum !== 'string')
    return undefined
  return data as MigrationReportData
}
