import { readBlob, writeBlob, writeCommit, writeTree } from '../git-write.js'
import type { NewSignature, NewTreeEntry } from '../git-write.js'
import { HttpError, notFound } from '../http-error.js'
import { renderGitCommit } from '../render/commit.js'
import { bodyString, param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nodeId } from '../urls.js'

type Json = Record<string, unknown>

const FULL_SHA = /^[0-9a-f]{40}$/
const TYPE_OF_MODE: Record<string, NewTreeEntry['type']> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit'
}

async function typeOf(ctx: RouteContext, sha: unknown) {
  return typeof sha === 'string' && FULL_SHA.test(sha)
    ? ctx.git.objectType(sha)
    : undefined
}

async function createBlob(ctx: RouteContext): Promise<Reply> {
  const encoding = bodyString(ctx, 'encoding') ?? 'utf-8'
  if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
    throw new HttpError(
      422,
      `encoding must be "utf-8" or "base64", got "${encoding}"`
    )
  }
  const content = bodyString(ctx, 'content') ?? ''
  const bytes = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8')
  const sha = await writeBlob(ctx.git.dir, bytes)
  const url = `${ctx.urls.repoApi}/git/blobs/${sha}`
  return { status: 201, body: { url, sha }, headers: { location: url } }
}

async function getBlob(ctx: RouteContext): Promise<Reply> {
  const sha = param(ctx, 'file_sha')
  if ((await typeOf(ctx, sha)) !== 'blob') throw notFound()
  const bytes = (await readBlob(ctx.git.dir, sha)) ?? Buffer.alloc(0)
  return {
    status: 200,
    body: {
      sha,
      node_id: nodeId('Blob', sha),
      url: `${ctx.urls.repoApi}/git/blobs/${sha}`,
      size: bytes.length,
      content: bytes.toString('base64'),
      encoding: 'base64'
    }
  }
}

/** One entry of a create-tree request, checked like GitHub checks it. */
async function entryOf(ctx: RouteContext, raw: Json): Promise<NewTreeEntry> {
  const path = String(raw.path ?? '')
  const mode = String(raw.mode ?? '')
  const type = TYPE_OF_MODE[mode]
  if (!path || path.startsWith('/') || path.split('/').includes('..') || !type)
    throw new HttpError(422, `tree.path or tree.mode is invalid: "${path}"`)
  if (raw.type !== undefined && raw.type !== type)
    throw new HttpError(
      422,
      `tree.type "${String(raw.type)}" does not match mode ${mode}`
    )
  const hasContent = typeof raw.content === 'string'
  if (hasContent && raw.sha !== undefined)
    throw new HttpError(
      422,
      'Must supply either tree.sha or tree.content. Request will be rejected if both are present.'
    )
  if (hasContent) {
    if (type !== 'blob')
      throw new HttpError(422, 'tree.content is only valid for blobs')
    const sha = await writeBlob(ctx.git.dir, Buffer.from(String(raw.content)))
    return { mode, type, sha, path }
  }
  // A null sha deletes the path from base_tree; marked with an empty sha.
  if (raw.sha === null) return { mode, type, sha: '', path }
  if ((await typeOf(ctx, raw.sha)) !== type && type !== 'commit')
    throw new HttpError(422, 'GitRPC::BadObjectState')
  return { mode, type, sha: String(raw.sha), path }
}

/** Builds a tree from `base` plus changes whose paths may hold slashes. */
async function buildTree(
  ctx: RouteContext,
  base: string | undefined,
  changes: readonly NewTreeEntry[]
): Promise<string> {
  const entries = new Map<string, NewTreeEntry>()
  for (const entry of base ? await ctx.git.tree(base, false) : [])
    entries.set(entry.path, { ...entry, mode: entry.mode.padStart(6, '0') })
  const nested = new Map<string, NewTreeEntry[]>()
  for (const change of changes) {
    const [head = '', ...rest] = change.path.split('/')
    if (rest.length === 0) {
      if (change.sha === '') entries.delete(head)
      else entries.set(head, change)
      continue
    }
    const list = nested.get(head) ?? []
    list.push({ ...change, path: rest.join('/') })
    nested.set(head, list)
  }
  for (const [dir, list] of nested) {
    const existing = entries.get(dir)
    const subtree = existing?.type === 'tree' ? existing.sha : undefined
    const sha = await buildTree(ctx, subtree, list)
    entries.set(dir, { mode: '040000', type: 'tree', sha, path: dir })
  }
  return writeTree(ctx.git.dir, [...entries.values()])
}

async function createTree(ctx: RouteContext): Promise<Reply> {
  const base = bodyString(ctx, 'base_tree')
  if (base !== undefined && (await typeOf(ctx, base)) !== 'tree')
    throw new HttpError(422, 'base_tree is not a valid tree oid')
  const raw = Array.isArray(ctx.body.tree) ? (ctx.body.tree as Json[]) : []
  const changes: NewTreeEntry[] = []
  for (const entry of raw) changes.push(await entryOf(ctx, entry))
  const sha = await buildTree(ctx, base, changes)
  const tree = (await ctx.git.tree(sha, false)).map(entry => ({
    path: entry.path,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
    ...(entry.size === undefined ? {} : { size: entry.size }),
    ...(entry.type === 'commit'
      ? {}
      : { url: `${ctx.urls.repoApi}/git/${entry.type}s/${entry.sha}` })
  }))
  const url = `${ctx.urls.repoApi}/git/trees/${sha}`
  return {
    status: 201,
    body: { sha, url, tree, truncated: false },
    headers: { location: url }
  }
}

function signature(given: unknown, fallback: NewSignature): NewSignature {
  if (typeof given !== 'object' || given === null) return fallback
  const value = given as Json
  return {
    name: String(value.name ?? fallback.name),
    email: String(value.email ?? fallback.email),
    date: typeof value.date === 'string' ? value.date : fallback.date
  }
}

async function createCommit(ctx: RouteContext): Promise<Reply> {
  const tree = bodyString(ctx, 'tree') ?? ''
  if ((await typeOf(ctx, tree)) !== 'tree')
    throw new HttpError(422, 'Tree SHA does not exist')
  const parents = Array.isArray(ctx.body.parents)
    ? (ctx.body.parents as unknown[])
    : []
  for (const parent of parents) {
    if ((await typeOf(ctx, parent)) !== 'commit')
      throw new HttpError(
        422,
        'Parent SHA does not exist or is not a commit object'
      )
  }
  // GitHub's defaults: the token's user, now; the committer is the author.
  const now = new Date().toISOString()
  const user = {
    name: ctx.login,
    email: `${ctx.login}@users.noreply.github.com`,
    date: now
  }
  const author = signature(ctx.body.author, user)
  const committer = signature(ctx.body.committer, author)
  const sha = await writeCommit(ctx.git.dir, {
    message: bodyString(ctx, 'message') ?? '',
    tree,
    parents: parents.map(String),
    author,
    committer
  })
  const info = await ctx.git.commit(sha)
  if (!info) throw new Error(`commit ${sha} was written but cannot be read`)
  const body = renderGitCommit(ctx.urls, info)
  return { status: 201, body, headers: { location: String(body.url) } }
}

/** Git data writes: blobs, trees and commits, into the real repository. */
export const gitDataRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/blobs',
    operationId: 'git/create-blob',
    handler: createBlob
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    operationId: 'git/get-blob',
    handler: getBlob
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/trees',
    operationId: 'git/create-tree',
    handler: createTree
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/commits',
    operationId: 'git/create-commit',
    handler: createCommit
  }
]
