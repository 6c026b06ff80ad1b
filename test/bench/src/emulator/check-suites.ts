import { nextId, timestamp } from './state.js'
import type { CheckSuiteRecord, EmulatorState } from './state.js'

const ZERO_SHA = '0'.repeat(40)

/** Where a check suite came from, and when GitHub created it. */
export interface CheckSuiteOrigin {
  /** The branch pushed to; null when a check run created the suite. */
  branch?: string | null
  /** The branch's sha before the push. */
  before?: string | null
  /** Default: now. */
  createdAt?: string
}

/** Adds a check suite for `sha` (another one when it has some already). */
export function addCheckSuite(
  state: EmulatorState,
  sha: string,
  origin: CheckSuiteOrigin = {}
): CheckSuiteRecord {
  const createdAt = origin.createdAt ?? timestamp()
  const suite: CheckSuiteRecord = {
    id: nextId(state),
    headSha: sha,
    headBranch: origin.branch ?? null,
    before: origin.before ?? null,
    createdAt,
    updatedAt: createdAt
  }
  state.checkSuites.push(suite)
  return suite
}

/**
 * The app's check suite for `sha`, created now when there is none. Every
 * token acts as one app (GitHub Actions), so one suite per commit is
 * enough: GitHub creates it when it receives the push, or when the app
 * creates the commit's first check run.
 */
export function ensureCheckSuite(
  state: EmulatorState,
  sha: string,
  origin: CheckSuiteOrigin = {}
): CheckSuiteRecord {
  return (
    state.checkSuites.find(suite => suite.headSha === sha) ??
    addCheckSuite(state, sha, origin)
  )
}

/**
 * A push: each branch whose sha changed (or that is new) gets a check
 * suite for its new head unless the commit has one, as GitHub requests one
 * from installed apps with checks permission. Tags and deletions get none.
 */
export function recordPush(
  state: EmulatorState,
  ref: string,
  sha: string,
  before: string | undefined
): void {
  if (!ref.startsWith('refs/heads/') || before === sha) return
  ensureCheckSuite(state, sha, {
    branch: ref.slice('refs/heads/'.length),
    before: before ?? ZERO_SHA
  })
}

const PRIORITY = [
  'action_required',
  'startup_failure',
  'cancelled',
  'timed_out',
  'failure',
  'stale',
  'neutral',
  'success',
  'skipped'
]

/**
 * A suite's status and conclusion from its newest check run per name:
 * queued with none, in progress until all completed, then the most
 * severe conclusion.
 */
export function suiteProgress(
  state: EmulatorState,
  suite: CheckSuiteRecord
): { status: string; conclusion: string | null; runs: number } {
  const latest = new Map<
    string,
    { status: string; conclusion: string | null }
  >()
  for (const run of state.checkRuns)
    if (run.checkSuiteId === suite.id) latest.set(run.name, run)
  const runs = [...latest.values()]
  if (runs.length === 0) return { status: 'queued', conclusion: null, runs: 0 }
  if (runs.some(run => run.status !== 'completed'))
    return { status: 'in_progress', conclusion: null, runs: runs.length }
  const conclusion =
    PRIORITY.find(c => runs.some(run => run.conclusion === c)) ?? 'neutral'
  return { status: 'completed', conclusion, runs: runs.length }
}
