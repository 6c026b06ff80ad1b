import type { GitHubRepo } from './github-repo.js'

/** One server-side record of a SHA reaching the repository or the PR head. */
export interface HeadRecord {
  /** Where GitHub keeps it. */
  readonly source: 'check suite' | 'timeline'
  /** GitHub's own time (ISO 8601), never a date from the commit. */
  readonly at: string
  /** What it is, for messages: `check suite 17 of GitHub Actions`, … */
  readonly what: string
}

/** An answer that cannot be trusted: the caller must refuse, not guess. */
export class UnreliableHeadRecords extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnreliableHeadRecords'
  }
}

// Timeline events that make a SHA the head of the pull request, stamped
// with GitHub's time. A plain (fast-forward) push shows as `committed`,
// which carries only the commit's own dates: the pusher sets those.
const HEAD_EVENTS = new Set(['head_ref_force_pushed', 'head_ref_restored'])

type Json = Record<string, unknown>

/**
 * What GitHub recorded about when `sha` arrived: the earliest check suite
 * of the SHA (GitHub creates one per app when it receives the push) and
 * every timeline event of the pull request that made it the head. Every
 * page is read; pages that disagree with the SHA or with their own count
 * throw {@link UnreliableHeadRecords}, read errors propagate.
 */
export async function readHeadRecords(
  gh: GitHubRepo,
  sha: string,
  prNumber: number
): Promise<HeadRecord[]> {
  const head = sha.toLowerCase()
  const [suite, events] = await Promise.all([
    earliestCheckSuite(gh, head),
    headEvents(gh, head, prNumber)
  ])
  return suite ? [suite, ...events] : events
}

async function earliestCheckSuite(
  gh: GitHubRepo,
  sha: string
): Promise<HeadRecord | undefined> {
  const pages = gh.octokit.paginate.iterator(
    gh.octokit.rest.checks.listSuitesForRef,
    { owner: gh.owner, repo: gh.repo, ref: sha, per_page: 100 }
  )
  const seen = new Set<number>()
  let total: number | undefined
  let earliest: HeadRecord | undefined
  for await (const page of pages) {
    total ??= (page.data as unknown as { total_count?: number }).total_count
    for (const suite of page.data) {
      if (suite.head_sha.toLowerCase() !== sha)
        throw new UnreliableHeadRecords(
          `a page listed check suites of ${suite.head_sha}`
        )
      if (seen.has(suite.id))
        throw new UnreliableHeadRecords(
          `check suite ${suite.id} was listed twice`
        )
      seen.add(suite.id)
      const at = suite.created_at
      if (!at || Number.isNaN(Date.parse(at))) continue
      if (earliest && Date.parse(earliest.at) <= Date.parse(at)) continue
      const app = suite.app?.name ? ` of ${suite.app.name}` : ''
      earliest = {
        source: 'check suite',
        at,
        what: `check suite ${suite.id}${app}`
      }
    }
  }
  if (total !== undefined && total !== seen.size)
    throw new UnreliableHeadRecords(
      `read ${seen.size} of ${total} check suites`
    )
  return earliest
}

async function headEvents(
  gh: GitHubRepo,
  sha: string,
  prNumber: number
): Promise<HeadRecord[]> {
  const pages = gh.octokit.paginate.iterator(
    gh.octokit.rest.issues.listEventsForTimeline,
    { owner: gh.owner, repo: gh.repo, issue_number: prNumber, per_page: 100 }
  )
  const records: HeadRecord[] = []
  for await (const page of pages) {
    for (const item of page.data as unknown as Json[]) {
      const { event, commit_id: commit, created_at: at } = item
      if (typeof event !== 'string' || !HEAD_EVENTS.has(event)) continue
      if (typeof commit !== 'string' || commit.toLowerCase() !== sha) continue
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)))
        throw new UnreliableHeadRecords(`a ${event} event has no time`)
      const actor = (item.actor as Json | null | undefined)?.login
      const by = typeof actor === 'string' ? ` by @${actor}` : ''
      records.push({ source: 'timeline', at, what: `${event}${by}` })
    }
  }
  return records
}
