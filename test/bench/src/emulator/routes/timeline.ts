import { notFound } from '../http-error.js'
import {
  renderCommentedEvent,
  renderCommittedEvent,
  renderIssueEvent
} from '../render/timeline.js'
import { numericParam } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import type { PullRecord } from '../state.js'

type Json = Record<string, unknown>

/** One timeline entry and where it sorts. */
interface Entry {
  at: number
  body: Json
}

// Best effort, like the pull's stats: a seeded pull may name commits the
// repository lacks, and then lists none.
async function commitEntries(
  ctx: RouteContext,
  pull: PullRecord
): Promise<Entry[]> {
  const [base, head] = await Promise.all([
    ctx.git.resolve(pull.base.sha),
    ctx.git.resolve(pull.head.sha)
  ])
  if (!base || !head) return []
  const mergeBase = await ctx.git.mergeBase(base, head)
  if (!mergeBase) return []
  const commits = await ctx.git.commitsBySha(
    await ctx.git.between(mergeBase, head)
  )
  return commits.map(info => ({
    at: Date.parse(info.committer.date),
    body: renderCommittedEvent(ctx.urls, info)
  }))
}

/**
 * Oldest first: stored events (force pushes…) and comments by GitHub's
 * time, a pull request's commits by their committer date, as GitHub
 * places them.
 */
async function listTimeline(ctx: RouteContext): Promise<Reply> {
  const number = numericParam(ctx, 'issue_number')
  const { state, urls } = ctx
  const pull = state.pulls.find(p => p.number === number)
  if (!pull && !state.issues.some(i => i.number === number)) throw notFound()
  const entries: Entry[] = [
    ...state.issueEvents
      .filter(event => event.issueNumber === number)
      .map(event => ({
        at: Date.parse(event.createdAt),
        body: renderIssueEvent(urls, event)
      })),
    ...state.comments
      .filter(comment => comment.issueNumber === number)
      .map(comment => ({
        at: Date.parse(comment.createdAt),
        body: renderCommentedEvent(urls, state, comment)
      })),
    ...(pull ? await commitEntries(ctx, pull) : [])
  ]
  // Stable: same-second entries keep events, comments, commits order.
  entries.sort((a, b) => a.at - b.at)
  return {
    status: 200,
    body: ctx.paginate(entries).map(entry => entry.body)
  }
}

/** The issue or pull request timeline. */
export const timelineRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/timeline',
    operationId: 'issues/list-events-for-timeline',
    handler: listTimeline
  }
]
