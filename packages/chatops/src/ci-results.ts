import type { GitHubRepo } from './github-repo.js'

/** One CI result reduced to what the gate needs. */
export type CiState = 'success' | 'neutral' | 'skipped' | 'pending' | 'failure'

export interface CiResult {
  /** Check run name or commit status context. */
  readonly name: string
  readonly state: CiState
  readonly source: 'check run' | 'status'
}

/** A page that cannot be trusted: the gate must refuse, not guess. */
export class IncompleteCiData extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IncompleteCiData'
  }
}

const OURS = /^rehearse\//

function checkState(status: string, conclusion: string | null): CiState {
  if (status !== 'completed') return 'pending'
  if (conclusion === 'success') return 'success'
  if (conclusion === 'neutral') return 'neutral'
  if (conclusion === 'skipped') return 'skipped'
  // failure, cancelled, timed_out, action_required, stale, startup_failure…
  return 'failure'
}

function statusState(state: string): CiState {
  if (state === 'success') return 'success'
  if (state === 'pending') return 'pending'
  return 'failure'
}

/**
 * Every CI result of the SHA: check runs (all of them, every page, then
 * the newest run per name — a re-run wins over the run it repeats) and
 * commit statuses (the newest per context). Pages that disagree with each
 * other or with the SHA throw {@link IncompleteCiData}.
 */
export async function readCiResults(
  gh: GitHubRepo,
  sha: string,
  runId: string | undefined
): Promise<CiResult[]> {
  const [checks, statuses] = await Promise.all([
    readCheckRuns(gh, sha, runId),
    readStatuses(gh, sha)
  ])
  return [...checks, ...statuses]
}

async function readCheckRuns(
  gh: GitHubRepo,
  sha: string,
  runId: string | undefined
): Promise<CiResult[]> {
  const newest = new Map<string, { id: number; result: CiResult }>()
  const seen = new Set<number>()
  let total: number | undefined
  const ownRun = runId ? `/actions/runs/${runId}/` : undefined
  const pages = gh.octokit.paginate.iterator(
    gh.octokit.rest.checks.listForRef,
    {
      owner: gh.owner,
      repo: gh.repo,
      ref: sha,
      filter: 'all',
      per_page: 100
    }
  )
  for await (const page of pages) {
    total ??= (page.data as unknown as { total_count?: number }).total_count
    for (const run of page.data) {
      if (run.head_sha.toLowerCase() !== sha)
        throw new IncompleteCiData(
          `a page listed check runs of ${run.head_sha}`
        )
      if (seen.has(run.id))
        throw new IncompleteCiData(`check run ${run.id} was listed twice`)
      seen.add(run.id)
      const links = `${run.details_url ?? ''} ${run.html_url ?? ''}`
      if (OURS.test(run.name) || (ownRun && links.includes(ownRun))) continue
      const current = newest.get(run.name)
      if (current && current.id > run.id) continue
      newest.set(run.name, {
        id: run.id,
        result: {
          name: run.name,
          state: checkState(run.status, run.conclusion),
          source: 'check run'
        }
      })
    }
  }
  if (total !== undefined && total !== seen.size)
    throw new IncompleteCiData(`read ${seen.size} of ${total} check runs`)
  return [...newest.values()].map(entry => entry.result)
}

async function readStatuses(gh: GitHubRepo, sha: string): Promise<CiResult[]> {
  const results = new Map<string, CiResult>()
  const seen = new Set<number>()
  const pages = gh.octokit.paginate.iterator(
    gh.octokit.rest.repos.listCommitStatusesForRef,
    { owner: gh.owner, repo: gh.repo, ref: sha, per_page: 100 }
  )
  for await (const page of pages) {
    // Newest first: the first status of a context is its current one.
    for (const status of page.data) {
      if (seen.has(status.id))
        throw new IncompleteCiData(`status ${status.id} was listed twice`)
      seen.add(status.id)
      if (OURS.test(status.context) || results.has(status.context)) continue
      results.set(status.context, {
        name: status.context,
        state: statusState(status.state),
        source: 'status'
      })
    }
  }
  return [...results.values()]
}
