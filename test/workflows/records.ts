import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Emulator } from '@rehearse/bench'

/**
 * What one pipeline left behind, in a form both sides share: GitHub's
 * deployments, commit statuses and report check runs (the emulator's
 * state), or the CLI's ledger. Times, ids, creators, status descriptions
 * and measured latencies differ by nature and are left out.
 */
export interface PipelineRecords {
  /** One per deployment, sorted by environment then SHA. */
  deployments: DeploymentRecordView[]
  /** `<sha> rehearse/<env>/<stage>` → its latest state. */
  stages: Record<string, string>
  /** `<sha> <env>/<stage>` → the stable part of the stage's report. */
  reports: Record<string, unknown>
}

export interface DeploymentRecordView {
  environment: string
  sha: string
  /** The latest state (GitHub: the latest deployment status). */
  state: string | undefined
  production: boolean
  transient: boolean
  /** The deployment's own description (not a status's, which has times). */
  description: string | null
  environmentUrl: string | undefined
  fingerprint: string
  /** The payload Rehearse wrote (plan, parts, release), minus its creator. */
  payload: Record<string, unknown>
}

type Payload = Record<string, unknown>

/** The records on the emulator, for the given SHAs. */
export function githubRecords(
  gh: Emulator,
  shas: readonly string[]
): PipelineRecords {
  const { state } = gh
  const deployments = state.deployments
    .filter(d => shas.includes(d.sha))
    .map(d => {
      const statuses = state.deploymentStatuses
        .filter(s => s.deploymentId === d.id)
        .sort((a, b) => a.id - b.id)
      const payload = (
        typeof d.payload === 'string' ? JSON.parse(d.payload) : d.payload
      ) as Payload
      return view(d.environment, d.sha, payload, {
        state: statuses.at(-1)?.state,
        production: d.productionEnvironment,
        transient: d.transientEnvironment,
        description: d.description,
        environmentUrl:
          statuses.findLast(s => s.environmentUrl)?.environmentUrl || undefined
      })
    })
  const stages: Record<string, string> = {}
  for (const status of [...state.commitStatuses].sort((a, b) => a.id - b.id)) {
    if (shas.includes(status.sha) && status.context.startsWith('rehearse/'))
      stages[`${status.sha} ${status.context}`] = status.state
  }
  const reports: Record<string, unknown> = {}
  for (const run of [...state.checkRuns].sort((a, b) => a.id - b.id)) {
    const name = /^rehearse\/(.+) report$/.exec(run.name)?.[1]
    if (name && shas.includes(run.headSha) && run.output.text) {
      reports[`${run.headSha} ${name}`] = stableReport(
        JSON.parse(run.output.text) as Payload
      )
    }
  }
  return { deployments: sorted(deployments), stages, reports }
}

interface LedgerFile {
  deployments: Array<{
    environment: string
    sha: string
    production: boolean
    transient: boolean
    description: string
    payload: Payload
    environmentUrl?: string
    history: Array<{ state: string }>
  }>
  stages: Record<
    string,
    Array<{ environment: string; stage: string; state: string }>
  >
  reports?: Record<string, { data: Payload }>
}

/** The CLI's ledger (.rehearse/ledger.json) of a repository, as it is now. */
export async function readLedger(dir: string): Promise<LedgerFile> {
  const text = await readFile(join(dir, '.rehearse', 'ledger.json'), 'utf8')
  return JSON.parse(text) as LedgerFile
}

/** The CLI's environment locks (.rehearse/locks.json), by environment. */
export async function readLocks(dir: string): Promise<Record<string, unknown>> {
  const text = await readFile(join(dir, '.rehearse', 'locks.json'), 'utf8')
  return (JSON.parse(text) as { locks: Record<string, unknown> }).locks
}

/** The records in a ledger, for the given SHAs. */
export function ledgerRecords(
  ledger: LedgerFile,
  shas: readonly string[]
): PipelineRecords {
  const deployments = ledger.deployments
    .filter(d => shas.includes(d.sha))
    .map(d =>
      view(d.environment, d.sha, d.payload, {
        state: d.history.at(-1)?.state,
        production: d.production,
        transient: d.transient,
        description: d.description,
        environmentUrl: d.environmentUrl
      })
    )
  const stages: Record<string, string> = {}
  for (const sha of shas) {
    for (const report of ledger.stages[sha] ?? [])
      stages[`${sha} rehearse/${report.environment}/${report.stage}`] =
        report.state
  }
  const reports: Record<string, unknown> = {}
  for (const [key, report] of Object.entries(ledger.reports ?? {})) {
    const [sha = '', ...rest] = key.split('/')
    if (shas.includes(sha))
      reports[`${sha} ${rest.join('/')}`] = stableReport(report.data)
  }
  return { deployments: sorted(deployments), stages, reports }
}

/** Only what concerns one environment. */
export function inEnvironment(
  records: PipelineRecords,
  environment: string
): PipelineRecords {
  const mine = (key: string) =>
    key.includes(` rehearse/${environment}/`) ||
    key.includes(` ${environment}/`)
  const filter = <T>(map: Record<string, T>) =>
    Object.fromEntries(Object.entries(map).filter(([key]) => mine(key)))
  return {
    deployments: records.deployments.filter(d => d.environment === environment),
    stages: filter(records.stages),
    reports: filter(records.reports)
  }
}

function view(
  environment: string,
  sha: string,
  payload: Payload,
  rest: Omit<
    DeploymentRecordView,
    'environment' | 'sha' | 'payload' | 'fingerprint'
  >
): DeploymentRecordView {
  const { creator: _creator, ...kept } = payload
  return {
    environment,
    sha,
    ...rest,
    fingerprint: String(payload['fingerprint']),
    payload: kept
  }
}

// What a stage's report says about the code and its outcome, not about
// the moment: which migrations (and their set's checksum), which checks
// against which URL with which answers; no database name, no latencies.
function stableReport(data: Payload): unknown {
  if (data['kind'] === 'smoke') {
    const checks = (data['checks'] ?? []) as Payload[]
    return {
      kind: 'smoke',
      ...pick(data, [
        'environment',
        'sha',
        'url',
        'outcome',
        'passed',
        'failed'
      ]),
      checks: checks.map(check =>
        pick(check, ['name', 'path', 'status', 'statusCode', 'samples'])
      )
    }
  }
  return pick(data, ['status', 'tool', 'setChecksum', 'applied', 'migrations'])
}

function pick(record: Payload, keys: readonly string[]): Payload {
  return Object.fromEntries(keys.map(key => [key, record[key]]))
}

function sorted(views: DeploymentRecordView[]): DeploymentRecordView[] {
  return views.sort((a, b) =>
    `${a.environment} ${a.sha}`.localeCompare(`${b.environment} ${b.sha}`)
  )
}
