import { notFound, unprocessable } from '../http-error.js'
import { renderIssue, renderPullAsIssue } from '../render/issue.js'
import { bodyString, numericParam } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, nextNumber, timestamp } from '../state.js'
import type { IssueRecord, PullRecord } from '../state.js'

type StateReason = NonNullable<IssueRecord['stateReason']>

// `title` may be a number; labels are names or `{ name }` objects.
function titleOf(ctx: RouteContext): string | undefined {
  const title = ctx.body.title
  return typeof title === 'number' ? String(title) : bodyString(ctx, 'title')
}

function labelsOf(ctx: RouteContext): string[] | undefined {
  const labels = ctx.body.labels
  if (!Array.isArray(labels)) return undefined
  const names = labels.map(item =>
    typeof item === 'string' ? item : String((item as { name?: unknown }).name)
  )
  return [...new Set(names)]
}

function createIssue(ctx: RouteContext): Reply {
  const title = titleOf(ctx)
  if (!title) throw unprocessable('Validation Failed', [missing('title')])
  const now = timestamp()
  const issue: IssueRecord = {
    number: nextNumber(ctx.state),
    id: nextId(ctx.state),
    title,
    user: ctx.login,
    state: 'open',
    createdAt: now,
    updatedAt: now,
    body: bodyString(ctx, 'body') ?? null,
    labels: labelsOf(ctx) ?? [],
    closedAt: null,
    stateReason: null
  }
  ctx.state.issues.push(issue)
  const body = renderIssue(ctx.urls, ctx.state, issue)
  return { status: 201, body, headers: { location: String(body.url) } }
}

function missing(field: string): Record<string, unknown> {
  return { resource: 'Issue', code: 'missing_field', field }
}

/** An issue or a pull request, with when it changed last and its labels. */
interface Listed {
  readonly kind: 'issue' | 'pull'
  readonly number: number
  readonly state: 'open' | 'closed'
  readonly labels: readonly string[]
  readonly user: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly comments: number
  readonly issue?: IssueRecord
  readonly pull?: PullRecord
}

function everything(ctx: RouteContext): Listed[] {
  const comments = (number: number) =>
    ctx.state.comments.filter(c => c.issueNumber === number).length
  return [
    ...ctx.state.issues.map(issue => ({
      kind: 'issue' as const,
      number: issue.number,
      state: issue.state,
      labels: issue.labels ?? [],
      user: issue.user,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt ?? issue.createdAt,
      comments: comments(issue.number),
      issue
    })),
    ...ctx.state.pulls.map(pull => ({
      kind: 'pull' as const,
      number: pull.number,
      state: pull.state,
      labels: pull.labels,
      user: pull.user,
      createdAt: pull.createdAt,
      updatedAt: pull.updatedAt,
      comments: comments(pull.number),
      pull
    }))
  ]
}

/**
 * Issues and pull requests, as GitHub lists them: `state` (open by
 * default), every one of `labels`, `creator`, `since`; sorted by
 * `created` (default), `updated` or `comments`, newest first by default.
 */
function listIssues(ctx: RouteContext): Reply {
  const { query } = ctx
  const state = query.get('state') ?? 'open'
  const labels = (query.get('labels') ?? '')
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
  const creator = query.get('creator')
  const since = query.get('since')
  const sort = query.get('sort') ?? 'created'
  const ascending = query.get('direction') === 'asc'
  const key = (item: Listed): string | number =>
    sort === 'comments'
      ? item.comments
      : sort === 'updated'
        ? item.updatedAt
        : item.createdAt
  const items = everything(ctx)
    .filter(item => state === 'all' || item.state === state)
    .filter(item => labels.every(name => item.labels.includes(name)))
    .filter(item => creator === null || item.user === creator)
    .filter(item => since === null || item.updatedAt >= since)
    // Ties (one-second timestamps) fall back to the number, like GitHub's ids.
    .sort((a, b) => {
      const order =
        key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number
      return ascending ? order : -order
    })
  return {
    status: 200,
    body: ctx.paginate(items).map(item => render(ctx, item))
  }
}

function render(ctx: RouteContext, item: Listed): Record<string, unknown> {
  return item.issue
    ? renderIssue(ctx.urls, ctx.state, item.issue)
    : renderPullAsIssue(ctx.urls, ctx.state, item.pull as PullRecord)
}

function getIssue(ctx: RouteContext): Reply {
  const number = numericParam(ctx, 'issue_number')
  const found = everything(ctx).find(item => item.number === number)
  if (!found) throw notFound()
  return { status: 200, body: render(ctx, found) }
}

/**
 * Edits title, body, labels and state. Closing records who closed it and
 * when (`state_reason` defaults to completed); reopening clears that and
 * sets `reopened`. Pull requests take title, body and state.
 */
function updateIssue(ctx: RouteContext): Reply {
  const number = numericParam(ctx, 'issue_number')
  const now = timestamp()
  const state = bodyString(ctx, 'state') as 'open' | 'closed' | undefined
  const pull = ctx.state.pulls.find(p => p.number === number)
  if (pull) {
    pull.title = titleOf(ctx) ?? pull.title
    if (ctx.body.body !== undefined) pull.body = bodyString(ctx, 'body') ?? null
    pull.state = state ?? pull.state
    pull.updatedAt = now
    return { status: 200, body: renderPullAsIssue(ctx.urls, ctx.state, pull) }
  }
  const issue = ctx.state.issues.find(i => i.number === number)
  if (!issue) throw notFound()
  issue.title = titleOf(ctx) ?? issue.title
  if (ctx.body.body !== undefined) issue.body = bodyString(ctx, 'body') ?? null
  issue.labels = labelsOf(ctx) ?? issue.labels
  if (state && state !== issue.state) {
    const reason = bodyString(ctx, 'state_reason') as StateReason | undefined
    issue.state = state
    issue.closedAt = state === 'closed' ? now : null
    issue.closedBy = state === 'closed' ? ctx.login : null
    issue.stateReason =
      state === 'closed' ? (reason ?? 'completed') : 'reopened'
  }
  issue.updatedAt = now
  return { status: 200, body: renderIssue(ctx.urls, ctx.state, issue) }
}

const ISSUES = '/repos/{owner}/{repo}/issues'

/** Issues themselves: create, list, get, update (close, reopen). */
export const repoIssueRoutes: Route[] = [
  {
    method: 'POST',
    path: ISSUES,
    operationId: 'issues/create',
    handler: createIssue
  },
  {
    method: 'GET',
    path: ISSUES,
    operationId: 'issues/list-for-repo',
    handler: listIssues
  },
  {
    method: 'GET',
    path: `${ISSUES}/{issue_number}`,
    operationId: 'issues/get',
    handler: getIssue
  },
  {
    method: 'PATCH',
    path: `${ISSUES}/{issue_number}`,
    operationId: 'issues/update',
    handler: updateIssue
  }
]
