import type { GitHubRepo } from './github-repo.js'
import { readHeadRecords } from './head-records.js'
import type { HeadRecord } from './head-records.js'
import type { Refusal } from './refusal.js'

export type { HeadRecord } from './head-records.js'
export { UnreliableHeadRecords } from './head-records.js'

/** What GitHub's records say about the head the command would deploy. */
export interface HeadAsSeenVerdict {
  /** Set when the head arrived after the comment, or that cannot be read. */
  readonly refusal: Refusal | undefined
  /** Set when GitHub has no record of the head's arrival at all. */
  readonly notice: string | undefined
  /** Every record that was compared, for the log. */
  readonly records: readonly HeadRecord[]
}

/** The head a command would deploy, and the comment that asked for it. */
export interface HeadAsSeenInput {
  /** Full SHA of the pull request's head, read now. */
  readonly sha: string
  readonly prNumber: number
  /** The comment's `created_at` (GitHub's clock, from the event). */
  readonly commentedAt: string
}

const short = (sha: string) => sha.slice(0, 7)

/**
 * Whether the head read now is one the commenter could have seen: refuses
 * with `ref_changed` when any of GitHub's own records (the head's earliest
 * check suite, a force-push of the pull request to it) is later than the
 * comment. Both sides are GitHub's timestamps, so no runner clock and no
 * commit date (the pusher sets those) takes part; a push in the same second
 * as the comment cannot be told apart and counts as seen.
 *
 * Fails closed: records that cannot be read refuse with `head_unverified`.
 * No record at all (no check suite: CI reports only commit statuses, or
 * none) lets the command through with a notice: nothing says the head is
 * newer, and `require-checks` still decides whether a head without CI may
 * be deployed.
 */
export async function checkHeadAsSeen(
  gh: GitHubRepo,
  input: HeadAsSeenInput
): Promise<HeadAsSeenVerdict> {
  const { sha, prNumber, commentedAt } = input
  let records: HeadRecord[]
  try {
    if (Number.isNaN(Date.parse(commentedAt)))
      throw new Error(
        `the comment's time ${JSON.stringify(commentedAt)} is no date`
      )
    records = await readHeadRecords(gh, sha, prNumber)
  } catch (error) {
    return {
      refusal: {
        reason: 'head_unverified',
        message: `GitHub's records of when ${short(sha)} became the head of #${prNumber} could not be read (${describe(error)}), so nothing shows it was there when the command was written. Nothing was deployed. Try again.`
      },
      notice: undefined,
      records: []
    }
  }
  if (records.length === 0) {
    return {
      refusal: undefined,
      notice: `GitHub has no record of when ${short(sha)} arrived (no check suite, no force-push to it on #${prNumber}); it is taken as the head the comment saw.`,
      records
    }
  }
  const commented = Date.parse(commentedAt)
  const later = records
    .filter(record => Date.parse(record.at) > commented)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0]
  if (!later) return { refusal: undefined, notice: undefined, records }
  return {
    refusal: {
      reason: 'ref_changed',
      message: `the head ${short(sha)} of #${prNumber} arrived at ${later.at} (${later.what}), after the comment at ${commentedAt}, so the comment was not about it. Nothing was deployed. Review the new head and comment again to deploy it.`
    },
    notice: undefined,
    records
  }
}

function describe(error: unknown): string {
  const status = (error as { status?: unknown }).status
  if (typeof status === 'number') return `HTTP ${status}`
  return error instanceof Error ? error.message : String(error)
}
