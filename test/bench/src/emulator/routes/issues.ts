import { notFound } from '../http-error.js'
import { authorAssociation } from '../render/pull.js'
import { renderUser } from '../render/user.js'
import { bodyString, numericParam } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, removeWhere, timestamp } from '../state.js'
import type {
  CommentRecord,
  EmulatorState,
  ReactionContent,
  ReactionRecord
} from '../state.js'
import { nodeId } from '../urls.js'

type Json = Record<string, unknown>
type Subject = ReactionRecord['subject']

const CONTENTS: readonly ReactionContent[] = [
  '+1',
  '-1',
  'laugh',
  'confused',
  'heart',
  'hooray',
  'rocket',
  'eyes'
]

function issueExists(state: EmulatorState, number: number): boolean {
  return (
    state.pulls.some(p => p.number === number) ||
    state.issues.some(i => i.number === number)
  )
}

function findComment(ctx: RouteContext): CommentRecord {
  const id = numericParam(ctx, 'comment_id')
  const comment = ctx.state.comments.find(c => c.id === id)
  if (!comment) throw notFound()
  return comment
}

function reactionsOf(state: EmulatorState, subject: Subject): ReactionRecord[] {
  return state.reactions.filter(
    r => r.subject.kind === subject.kind && r.subject.id === subject.id
  )
}

function rollup(ctx: RouteContext, subject: Subject, url: string): Json {
  const reactions = reactionsOf(ctx.state, subject)
  const counts = Object.fromEntries(
    CONTENTS.map(content => [
      content,
      reactions.filter(r => r.content === content).length
    ])
  )
  return { url, total_count: reactions.length, ...counts }
}

function renderComment(ctx: RouteContext, comment: CommentRecord): Json {
  const { urls, state } = ctx
  const url = `${urls.repoApi}/issues/comments/${comment.id}`
  const kind = state.pulls.some(p => p.number === comment.issueNumber)
    ? 'pull'
    : 'issues'
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url,
    html_url: `${urls.repoWeb}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: renderUser(urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${urls.repoApi}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(state, comment.user),
    performed_via_github_app: null,
    reactions: rollup(
      ctx,
      { kind: 'comment', id: comment.id },
      `${url}/reactions`
    )
  }
}

function renderReaction(ctx: RouteContext, reaction: ReactionRecord): Json {
  return {
    id: reaction.id,
    node_id: nodeId('Reaction', reaction.id),
    user: renderUser(ctx.urls, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt
  }
}

function createComment(ctx: RouteContext): Reply {
  const issueNumber = numericParam(ctx, 'issue_number')
  if (!issueExists(ctx.state, issueNumber)) throw notFound()
  const now = timestamp()
  const comment: CommentRecord = {
    id: nextId(ctx.state),
    issueNumber,
    body: bodyString(ctx, 'body') ?? '',
    user: ctx.login,
    createdAt: now,
    updatedAt: now
  }
  ctx.state.comments.push(comment)
  const body = renderComment(ctx, comment)
  return { status: 201, body, headers: { location: String(body.url) } }
}

function listComments(ctx: RouteContext): Reply {
  const issueNumber = numericParam(ctx, 'issue_number')
  if (!issueExists(ctx.state, issueNumber)) throw notFound()
  const since = ctx.query.get('since')
  const comments = ctx.state.comments.filter(
    c =>
      c.issueNumber === issueNumber && (since === null || c.updatedAt >= since)
  )
  return {
    status: 200,
    body: ctx.paginate(comments).map(c => renderComment(ctx, c))
  }
}

function updateComment(ctx: RouteContext): Reply {
  const comment = findComment(ctx)
  comment.body = bodyString(ctx, 'body') ?? comment.body
  comment.updatedAt = timestamp()
  return { status: 200, body: renderComment(ctx, comment) }
}

function deleteComment(ctx: RouteContext): Reply {
  const comment = findComment(ctx)
  removeWhere(ctx.state.comments, c => c === comment)
  removeWhere(
    ctx.state.reactions,
    r => r.subject.kind === 'comment' && r.subject.id === comment.id
  )
  return { status: 204 }
}

// Reacting twice with the same content is idempotent: 200 and the
// existing reaction instead of 201.
function react(ctx: RouteContext, subject: Subject): Reply {
  const content = bodyString(ctx, 'content') as ReactionContent
  const existing = reactionsOf(ctx.state, subject).find(
    r => r.user === ctx.login && r.content === content
  )
  if (existing) return { status: 200, body: renderReaction(ctx, existing) }
  const reaction: ReactionRecord = {
    id: nextId(ctx.state),
    subject,
    content,
    user: ctx.login,
    createdAt: timestamp()
  }
  ctx.state.reactions.push(reaction)
  return { status: 201, body: renderReaction(ctx, reaction) }
}

function reactToIssue(ctx: RouteContext): Reply {
  const issueNumber = numericParam(ctx, 'issue_number')
  if (!issueExists(ctx.state, issueNumber)) throw notFound()
  return react(ctx, { kind: 'issue', id: issueNumber })
}

function listCommentReactions(ctx: RouteContext): Reply {
  const comment = findComment(ctx)
  const content = ctx.query.get('content')
  const reactions = reactionsOf(ctx.state, {
    kind: 'comment',
    id: comment.id
  }).filter(r => content === null || r.content === content)
  return {
    status: 200,
    body: ctx.paginate(reactions).map(r => renderReaction(ctx, r))
  }
}

const COMMENT = '/repos/{owner}/{repo}/issues/comments/{comment_id}'
const ISSUE = '/repos/{owner}/{repo}/issues/{issue_number}'

/** Issue comments (create, update, get, list, delete) and reactions. */
export const issueRoutes: Route[] = [
  {
    method: 'POST',
    path: `${ISSUE}/comments`,
    operationId: 'issues/create-comment',
    handler: createComment
  },
  {
    method: 'GET',
    path: `${ISSUE}/comments`,
    operationId: 'issues/list-comments',
    handler: listComments
  },
  {
    method: 'GET',
    path: COMMENT,
    operationId: 'issues/get-comment',
    handler: ctx => ({
      status: 200,
      body: renderComment(ctx, findComment(ctx))
    })
  },
  {
    method: 'PATCH',
    path: COMMENT,
    operationId: 'issues/update-comment',
    handler: updateComment
  },
  {
    method: 'DELETE',
    path: COMMENT,
    operationId: 'issues/delete-comment',
    handler: deleteComment
  },
  {
    method: 'POST',
    path: `${COMMENT}/reactions`,
    operationId: 'reactions/create-for-issue-comment',
    handler: ctx => react(ctx, { kind: 'comment', id: findComment(ctx).id })
  },
  {
    method: 'GET',
    path: `${COMMENT}/reactions`,
    operationId: 'reactions/list-for-issue-comment',
    handler: listCommentReactions
  },
  {
    method: 'POST',
    path: `${ISSUE}/reactions`,
    operationId: 'reactions/create-for-issue',
    handler: reactToIssue
  }
]
