import { addCheckSuite } from './check-suites.js'
import { nextId, nextNumber, timestamp } from './state.js'
import type {
  CheckSuiteRecord,
  CommentRecord,
  EmulatorState,
  IssueEventRecord,
  IssueRecord,
  PullRecord
} from './state.js'

/** A pull request for tests to seed; only `head` is required. */
export interface SeedPullInput {
  number?: number
  title?: string
  body?: string | null
  state?: 'open' | 'closed'
  draft?: boolean
  merged?: boolean
  mergeCommitSha?: string | null
  /** Author login (default octocat). */
  user?: string
  /** `repo` is owner/name of the head repository; another one is a fork. */
  head: { ref: string; sha: string; repo?: string }
  /** Base branch (default: the default branch) and its sha (default: its ref). */
  base?: { ref?: string; sha?: string }
  labels?: string[]
  authorAssociation?: string
}

/** An issue for tests to seed (comments need an issue or a pull). */
export interface SeedIssueInput {
  number?: number
  title?: string
  user?: string
  state?: 'open' | 'closed'
}

function claimNumber(state: EmulatorState, wanted: number | undefined): number {
  if (wanted === undefined) return nextNumber(state)
  state.lastNumber = Math.max(state.lastNumber, wanted)
  return wanted
}

/** Adds (or replaces, same number) a pull request. */
export function seedPull(
  state: EmulatorState,
  input: SeedPullInput
): PullRecord {
  const number = claimNumber(state, input.number)
  const baseRef = input.base?.ref ?? state.defaultBranch
  const now = timestamp()
  const merged = input.merged ?? false
  const pull: PullRecord = {
    number,
    id: nextId(state),
    title: input.title ?? `Pull request #${number}`,
    body: input.body === undefined ? null : input.body,
    state: input.state ?? (merged ? 'closed' : 'open'),
    draft: input.draft ?? false,
    merged,
    mergeCommitSha: input.mergeCommitSha ?? null,
    user: input.user ?? 'octocat',
    head: {
      ref: input.head.ref,
      sha: input.head.sha,
      repo: input.head.repo ?? `${state.owner}/${state.repo}`
    },
    base: {
      ref: baseRef,
      sha:
        input.base?.sha ??
        state.refs.get(`refs/heads/${baseRef}`) ??
        input.head.sha
    },
    labels: input.labels ?? [],
    authorAssociation: input.authorAssociation,
    createdAt: now,
    updatedAt: now
  }
  const index = state.pulls.findIndex(p => p.number === number)
  if (index >= 0) state.pulls[index] = pull
  else state.pulls.push(pull)
  return pull
}

/** Adds an issue. */
export function seedIssue(
  state: EmulatorState,
  input: SeedIssueInput = {}
): IssueRecord {
  const number = claimNumber(state, input.number)
  const issue: IssueRecord = {
    number,
    id: nextId(state),
    title: input.title ?? `Issue #${number}`,
    user: input.user ?? 'octocat',
    state: input.state ?? 'open',
    createdAt: timestamp()
  }
  state.issues.push(issue)
  return issue
}

/** A comment for tests to seed, e.g. the one an issue_comment payload names. */
export interface SeedCommentInput {
  /** The payload's `comment.id`, so reactions to it land on this comment. */
  id?: number
  issueNumber: number
  body: string
  /** Author login (default octocat). */
  user?: string
  /** GitHub's time of the comment (default now): the payload's `created_at`. */
  createdAt?: string
}

/** Adds a comment on an issue or pull request (which must exist). */
export function seedComment(
  state: EmulatorState,
  input: SeedCommentInput
): CommentRecord {
  const known =
    state.pulls.some(p => p.number === input.issueNumber) ||
    state.issues.some(i => i.number === input.issueNumber)
  if (!known)
    throw new Error(`no issue or pull #${input.issueNumber} to comment on`)
  const now = input.createdAt ?? timestamp()
  const comment: CommentRecord = {
    id: input.id ?? nextId(state),
    issueNumber: input.issueNumber,
    body: input.body,
    user: input.user ?? 'octocat',
    createdAt: now,
    updatedAt: now
  }
  state.comments.push(comment)
  return comment
}

/** A check suite with a chosen time, e.g. a push GitHub got at `createdAt`. */
export interface SeedCheckSuiteInput {
  headSha: string
  /** GitHub's time of the suite (default now). */
  createdAt?: string
  /** The branch pushed to (default none: as if a check run created it). */
  headBranch?: string
}

/** Adds a check suite for a commit, besides any it has. */
export function seedCheckSuite(
  state: EmulatorState,
  input: SeedCheckSuiteInput
): CheckSuiteRecord {
  return addCheckSuite(state, input.headSha, {
    branch: input.headBranch ?? null,
    createdAt: input.createdAt
  })
}

/** An issue or pull request event for the timeline. */
export interface SeedIssueEventInput {
  issueNumber: number
  /** e.g. `head_ref_force_pushed`, `head_ref_restored`, `reopened`. */
  event: string
  /** For head_ref_force_pushed: the new head. */
  commitId?: string | null
  /** Who did it (default octocat). */
  actor?: string
  /** GitHub's time of the event (default now). */
  createdAt?: string
}

/** Adds an event to an issue or pull request (which must exist). */
export function seedIssueEvent(
  state: EmulatorState,
  input: SeedIssueEventInput
): IssueEventRecord {
  const known =
    state.pulls.some(p => p.number === input.issueNumber) ||
    state.issues.some(i => i.number === input.issueNumber)
  if (!known) throw new Error(`no issue or pull #${input.issueNumber}`)
  const event: IssueEventRecord = {
    id: nextId(state),
    issueNumber: input.issueNumber,
    event: input.event,
    actor: input.actor ?? 'octocat',
    commitId: input.commitId ?? null,
    createdAt: input.createdAt ?? timestamp()
  }
  state.issueEvents.push(event)
  return event
}
