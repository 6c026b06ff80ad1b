import { combinedState, latestCommitStatuses } from '../commit-checks.js'
import { HttpError, unprocessable } from '../http-error.js'
import { renderRepository } from '../render/repository.js'
import { renderUser } from '../render/user.js'
import { resolveRef } from '../resolve-ref.js'
import { bodyString, param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, timestamp } from '../state.js'
import type { CommitState, CommitStatusRecord } from '../state.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'

const SHA_LIKE = /^[0-9a-f]{7,40}$/i

/** Rejects descriptions GitHub would reject (over 140 characters). */
export function checkDescription(
  resource: string,
  description: string | null | undefined
): void {
  if (description && description.length > 140) {
    const message = 'description is too long (maximum is 140 characters)'
    throw unprocessable('Validation Failed', [
      { resource, code: 'custom', field: 'description', message }
    ])
  }
}

function renderStatus(
  urls: Urls,
  s: CommitStatusRecord
): Record<string, unknown> {
  const creator = renderUser(urls, s.creator)
  return {
    url: `${urls.repoApi}/statuses/${s.sha}`,
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator
  }
}

async function createStatus(ctx: RouteContext): Promise<Reply> {
  const given = param(ctx, 'sha')
  const sha = SHA_LIKE.test(given) ? await ctx.git.resolve(given) : undefined
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${given}`)
  const description = bodyString(ctx, 'description') ?? null
  checkDescription('Status', description)
  const status: CommitStatusRecord = {
    id: nextId(ctx.state),
    sha,
    state: bodyString(ctx, 'state') as CommitState,
    context: bodyString(ctx, 'context') ?? 'default',
    description,
    targetUrl: bodyString(ctx, 'target_url') ?? null,
    creator: ctx.login,
    createdAt: timestamp()
  }
  ctx.state.commitStatuses.push(status)
  const body = renderStatus(ctx.urls, status)
  return { status: 201, body, headers: { location: String(body.url) } }
}

async function listStatuses(ctx: RouteContext): Promise<Reply> {
  const sha = await resolveRef(ctx.state, ctx.git, param(ctx, 'ref'))
  const statuses = ctx.state.commitStatuses.filter(s => s.sha === sha).reverse()
  return {
    status: 200,
    body: ctx.paginate(statuses).map(s => renderStatus(ctx.urls, s))
  }
}

async function combinedStatus(ctx: RouteContext): Promise<Reply> {
  const { state, urls } = ctx
  const ref = param(ctx, 'ref')
  const sha = await resolveRef(state, ctx.git, ref)
  if (!sha) throw new HttpError(404, `No commit found for SHA: ${ref}`)
  const latest = latestCommitStatuses(state, sha)
  const statuses = ctx.paginate(latest).map(s => {
    const { creator: _creator, ...simple } = renderStatus(urls, s)
    return { ...simple, url: `${urls.repoApi}/statuses/${sha}` }
  })
  const repository = renderRepository(urls, {
    fullName: `${state.owner}/${state.repo}`,
    defaultBranch: state.defaultBranch
  })
  return {
    status: 200,
    body: {
      state: combinedState(latest),
      statuses,
      sha,
      total_count: latest.length,
      repository,
      commit_url: `${urls.repoApi}/commits/${sha}`,
      url: `${urls.repoApi}/commits/${sha}/status`
    }
  }
}

/** Commit statuses: create, list for a ref, combined status. */
export const statusRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/statuses/{sha}',
    operationId: 'repos/create-commit-status',
    handler: createStatus
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref+}/statuses',
    operationId: 'repos/list-commit-statuses-for-ref',
    handler: listStatuses
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref+}/status',
    operationId: 'repos/get-combined-status-for-ref',
    handler: combinedStatus
  }
]
