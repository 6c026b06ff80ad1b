import { HttpError, notFound } from '../http-error.js'
import { bodyBoolean, bodyString, param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nodeId } from '../urls.js'

/** `heads/main` and `refs/heads/main` both name refs/heads/main. */
function fullName(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`
}

async function renderRef(
  ctx: RouteContext,
  ref: string,
  sha: string
): Promise<Record<string, unknown>> {
  const type = (await ctx.git.objectType(sha)) ?? 'commit'
  return {
    ref,
    node_id: nodeId('Ref', ref),
    url: `${ctx.urls.repoApi}/git/${ref}`,
    object: { type, sha, url: `${ctx.urls.repoApi}/git/${type}s/${sha}` }
  }
}

// Refs may point at any object, but the emulator only needs commits; a sha
// git lacks is what GitHub calls a missing object.
async function existingObject(ctx: RouteContext, sha: string): Promise<string> {
  if (!(await ctx.git.objectType(sha)))
    throw new HttpError(422, 'Object does not exist')
  return sha
}

async function createRef(ctx: RouteContext): Promise<Reply> {
  const ref = bodyString(ctx, 'ref') ?? ''
  if (!/^refs\/[^/]+\/.+/.test(ref)) {
    throw new HttpError(
      422,
      "Reference name must start with 'refs/' and have at least two slashes."
    )
  }
  const sha = await existingObject(ctx, bodyString(ctx, 'sha') ?? '')
  // No await between the check and the write: concurrent creates of one
  // ref get exactly one winner, like git's atomic ref transaction.
  if (ctx.state.refs.has(ref))
    throw new HttpError(422, 'Reference already exists')
  ctx.state.refs.set(ref, sha)
  const body = await renderRef(ctx, ref, sha)
  return { status: 201, body, headers: { location: String(body.url) } }
}

async function getRef(ctx: RouteContext): Promise<Reply> {
  const ref = fullName(param(ctx, 'ref'))
  const sha = ctx.state.refs.get(ref)
  if (sha === undefined) throw notFound()
  return { status: 200, body: await renderRef(ctx, ref, sha) }
}

async function matchingRefs(ctx: RouteContext): Promise<Reply> {
  const prefix = fullName(param(ctx, 'ref'))
  const matching = [...ctx.state.refs]
    .filter(([ref]) => ref.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : 1))
  return {
    status: 200,
    body: await Promise.all(
      matching.map(([ref, sha]) => renderRef(ctx, ref, sha))
    )
  }
}

async function updateRef(ctx: RouteContext): Promise<Reply> {
  const ref = fullName(param(ctx, 'ref'))
  const sha = await existingObject(ctx, bodyString(ctx, 'sha') ?? '')
  const force = bodyBoolean(ctx, 'force') ?? false
  // Re-check when the ref moved while git answered: the fast-forward
  // verdict is only valid for the value it was computed against.
  for (;;) {
    const old = ctx.state.refs.get(ref)
    if (old === undefined) throw new HttpError(422, 'Reference does not exist')
    if (!force && old !== sha && !(await ctx.git.isAncestor(old, sha))) {
      throw new HttpError(422, 'Update is not a fast forward')
    }
    if (ctx.state.refs.get(ref) !== old) continue
    ctx.state.refs.set(ref, sha)
    return { status: 200, body: await renderRef(ctx, ref, sha) }
  }
}

function deleteRef(ctx: RouteContext): Reply {
  const ref = fullName(param(ctx, 'ref'))
  if (!ctx.state.refs.delete(ref))
    throw new HttpError(422, 'Reference does not exist')
  return { status: 204 }
}

/** Git refs, kept in memory: create, get, matching, update, delete. */
export const gitRefRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/refs',
    operationId: 'git/create-ref',
    handler: createRef
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/ref/{ref+}',
    operationId: 'git/get-ref',
    handler: getRef
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/matching-refs/{ref+}',
    operationId: 'git/list-matching-refs',
    handler: matchingRefs
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/git/refs/{ref+}',
    operationId: 'git/update-ref',
    handler: updateRef
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/git/refs/{ref+}',
    operationId: 'git/delete-ref',
    handler: deleteRef
  }
]
