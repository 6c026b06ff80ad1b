import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import type { Ledger, Reporter } from '@rehearse/engine'
import type { BaselineInfo } from '../types.js'

// How many earlier deployments' reports are read at most.
const MAX_REPORTS = 5
const RECENT = 20

/** p95 per check of a smoke report's data; undefined if it is not one. */
export function latenciesOf(data: unknown): Record<string, number> | undefined {
  const report = data as {
    rehearse?: unknown
    kind?: unknown
    checks?: unknown
  }
  if (report?.rehearse !== 1 || report.kind !== 'smoke') return undefined
  if (!Array.isArray(report.checks)) return undefined
  const p95: Record<string, number> = {}
  for (const entry of report.checks as Record<string, unknown>[]) {
    if (
      entry?.status === 'passed' &&
      typeof entry.name === 'string' &&
      typeof entry.p95Ms === 'number' &&
      typeof entry.samples === 'number' &&
      entry.samples > 1
    )
      p95[entry.name] = entry.p95Ms
  }
  return p95
}

/** `baseline: <path>`: a report file written by an earlier run. */
export function readBaselineFile(
  workspace: string,
  path: string
): BaselineInfo {
  const full = resolve(workspace, path)
  let data: unknown
  try {
    data = JSON.parse(readFileSync(full, 'utf8'))
  } catch (error) {
    throw new ConfigurationError(
      `input "baseline": cannot read ${path} as JSON (${(error as Error).message}). Give "previous", "none", or the path of a smoke-test report file.`,
      { reason: 'invalid_input' }
    )
  }
  const p95ByCheck = latenciesOf(data)
  if (!p95ByCheck) {
    throw new ConfigurationError(
      `input "baseline": ${path} is not a smoke-test report (the "report" output of an earlier run).`,
      { reason: 'invalid_input' }
    )
  }
  const sha = (data as { sha?: unknown }).sha
  return {
    source: 'file',
    sha: typeof sha === 'string' ? sha : undefined,
    file: path,
    note: `report file ${path}`,
    p95ByCheck
  }
}

/** An earlier deployment whose smoke report may serve as the baseline. */
interface Candidate {
  readonly sha: string
  /** Whether it was a success (read only once its report would do). */
  readonly succeeded: () => Promise<boolean>
}

/**
 * Earlier deployments of the environment, newest first: the last success
 * (which the run has usually read already), then, only if its report will
 * not do, the others of one listing. After this deploy's success,
 * auto_inactive marks the previous release inactive (outside production),
 * so older ones count when `success` or `inactive`. States are read only
 * for a passing report, so the cost does not grow with the history.
 */
async function* candidates(
  ledger: Ledger,
  environment: string,
  sha: string
): AsyncGenerator<Candidate> {
  const last = await ledger.lastSuccessfulDeployment(environment)
  if (last && last.sha !== sha)
    yield { sha: last.sha, succeeded: async () => true }
  for (const listed of await ledger.listDeployments(environment, RECENT)) {
    if (listed.sha === sha || listed.sha === last?.sha) continue
    yield {
      sha: listed.sha,
      succeeded: async () => {
        const record = await ledger.findDeployment(environment, listed.sha)
        return record?.state === 'success' || record?.state === 'inactive'
      }
    }
  }
}

/**
 * `baseline: previous`: the smoke report of the newest earlier successful
 * deployment of the same environment whose smoke test passed. A ledger that
 * cannot be read leaves the run without a baseline, with a warning: the
 * checks themselves still decide.
 */
export async function findPreviousBaseline(
  ledger: Ledger,
  reporter: Reporter,
  environment: string,
  sha: string
): Promise<BaselineInfo> {
  const none = (note: string): BaselineInfo => ({
    source: 'previous',
    sha: undefined,
    file: undefined,
    note,
    p95ByCheck: {}
  })
  try {
    let read = 0
    for await (const candidate of candidates(ledger, environment, sha)) {
      if (read === MAX_REPORTS) break
      read += 1
      const report = await ledger.readReport(
        candidate.sha,
        environment,
        'smoke'
      )
      const p95ByCheck = latenciesOf(report?.data)
      if (
        !p95ByCheck ||
        (report?.data as { outcome?: unknown }).outcome !== 'passed' ||
        !(await candidate.succeeded())
      )
        continue
      return {
        source: 'previous',
        sha: candidate.sha,
        file: undefined,
        note: `previous successful deployment ${candidate.sha.slice(0, 7)}`,
        p95ByCheck
      }
    }
    return none(
      read === 0
        ? `none yet: no earlier successful deployment of ${environment}`
        : `none yet: no passing smoke report of a successful deployment among the last ${read} deployment(s) of ${environment}`
    )
  } catch (error) {
    const message = `could not read the previous smoke report (${(error as Error).message}); latency is not compared this time`
    reporter.warning(message)
    return none(`unavailable: ${message}`)
  }
}
