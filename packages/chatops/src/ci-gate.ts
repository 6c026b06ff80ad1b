import { ConfigurationError } from '@rehearse/core'
import { readCiResults } from './ci-results.js'
import type { CiResult } from './ci-results.js'
import type { GitHubRepo } from './github-repo.js'
import type { Refusal } from './refusal.js'

export type { CiResult, CiState } from './ci-results.js'

/** `require-checks`: which CI results of the head must be green. */
export type RequireChecks =
  | { readonly mode: 'all' | 'required' | 'none' }
  | { readonly mode: 'list'; readonly names: readonly string[] }

/** Reads the `require-checks` input. */
export function parseRequireChecks(text: string): RequireChecks {
  const value = text.trim()
  if (value === 'all' || value === 'required' || value === 'none')
    return { mode: value }
  const names = value
    .split(/[,\n]/)
    .map(name => name.trim())
    .filter(name => name !== '')
  if (names.length === 0) {
    throw new ConfigurationError(
      'input "require-checks" is empty: use all, required, none, or a comma-separated list of check names'
    )
  }
  return { mode: 'list', names }
}

/** What the gate read and decided. */
export interface CiVerdict {
  /** Set when the head is not green, or CI could not be read. */
  readonly refusal: Refusal | undefined
  /** The results that counted, for the summary. */
  readonly results: readonly CiResult[]
}

const short = (sha: string) => sha.slice(0, 7)

/**
 * Fails closed: the head's check runs and commit statuses, every page,
 * the newest re-run of each, minus Rehearse's own `rehearse/*` results and
 * this workflow run's. Unreadable or missing data refuses
 * (`checks_unavailable`), never counts as "no CI".
 */
export async function checkCi(
  gh: GitHubRepo,
  sha: string,
  requirement: RequireChecks,
  context: { runId?: string; baseRef: string }
): Promise<CiVerdict> {
  if (requirement.mode === 'none') return { refusal: undefined, results: [] }
  let results: CiResult[]
  let names: readonly string[] | undefined
  try {
    results = await readCiResults(gh, sha, context.runId)
    names =
      requirement.mode === 'list'
        ? requirement.names
        : requirement.mode === 'required'
          ? await requiredChecks(gh, context.baseRef)
          : undefined
  } catch (error) {
    return {
      refusal: {
        reason: 'checks_unavailable',
        message: `CI results of ${short(sha)} could not be read (${describe(error)}); a deploy needs them. Try again.`
      },
      results: []
    }
  }
  if (names === undefined) return { refusal: judgeAll(sha, results), results }
  if (names.length === 0) {
    return {
      refusal: {
        reason: 'checks_unavailable',
        message: `require-checks is "required", but ${context.baseRef} requires no status checks. Require checks in its branch protection, or set require-checks to all or a list.`
      },
      results
    }
  }
  const counted = results.filter(r => names.includes(r.name))
  const missing = names.filter(name => !counted.some(r => r.name === name))
  return { refusal: judgeNamed(sha, counted, missing), results: counted }
}

function judgeAll(sha: string, results: readonly CiResult[]) {
  if (results.length === 0) {
    return {
      reason: 'checks_unavailable',
      message: `No CI result exists for ${short(sha)}. Wait for CI to report, or set require-checks: none if this repository has no CI.`
    } as const
  }
  return judge(
    sha,
    results.filter(r => r.state === 'failure'),
    results.filter(r => r.state === 'pending').map(r => r.name)
  )
}

// A named check must be a plain success: skipped or neutral is not green.
function judgeNamed(
  sha: string,
  results: readonly CiResult[],
  missing: readonly string[]
) {
  return judge(
    sha,
    results.filter(r => r.state !== 'success' && r.state !== 'pending'),
    [...results.filter(r => r.state === 'pending').map(r => r.name), ...missing]
  )
}

function judge(
  sha: string,
  failed: readonly CiResult[],
  pending: readonly string[]
): Refusal | undefined {
  const list = (names: readonly string[]) =>
    names
      .slice(0, 5)
      .map(name => JSON.stringify(name))
      .join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '')
  if (failed.length > 0) {
    return {
      reason: 'checks_failed',
      message: `CI is red for ${short(sha)}: ${list(failed.map(r => `${r.name} (${r.state})`))}. Fix it, then comment again.`
    }
  }
  if (pending.length > 0) {
    return {
      reason: 'checks_pending',
      message: `CI has not finished for ${short(sha)}: ${list(pending)} pending. Comment again once it is green.`
    }
  }
  return undefined
}

/** Contexts the base branch's protection requires. */
async function requiredChecks(gh: GitHubRepo, branch: string) {
  const { data } = await gh.octokit.rest.repos.getBranch({
    owner: gh.owner,
    repo: gh.repo,
    branch
  })
  const required = data.protection?.required_status_checks
  return [
    ...new Set([
      ...(required?.contexts ?? []),
      ...(required?.checks ?? []).map(check => check.context)
    ])
  ]
}

function describe(error: unknown): string {
  const status = (error as { status?: unknown }).status
  if (typeof status === 'number') return `HTTP ${status}`
  return error instanceof Error ? error.message : String(error)
}
