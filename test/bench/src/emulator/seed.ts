import { nextId, nextNumber, timestamp } from './state.js'
import type { EmulatorState, IssueRecord, PullRecord } from './state.js'

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
