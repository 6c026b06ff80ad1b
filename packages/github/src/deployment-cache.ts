import type { Octokit } from '@octokit/rest'
import type { RepoContext } from './repo-context.js'

// Deployment reads kept for the rest of the run (one process, one
// octokit): the pipeline asks about the same deployments several times
// (history, last success, way back, the gate), and each question used to
// cost its own listing and one status read per deployment. Writes through
// the same octokit keep the cache true: a new status replaces its
// deployment's latest (a success with auto_inactive retires older ones, so
// every kept status goes); a new deployment changes the listings; any
// other deployment write drops everything.
type Cache = Map<string, Promise<unknown>>
const caches = new WeakMap<Octokit, Cache>()

const LISTING = ' deployments '
const STATUS = ' status '

interface Request {
  readonly method?: string
  readonly url?: string
  readonly owner?: unknown
  readonly repo?: unknown
  readonly deployment_id?: unknown
  readonly state?: unknown
}

const STATUSES_URL =
  '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'
const DEPLOYMENTS_URL = '/repos/{owner}/{repo}/deployments'

const writesDeployments = (r: Request): boolean =>
  r.method !== undefined &&
  r.method !== 'GET' &&
  String(r.url).includes('/deployments')

const statusKey = (owner: unknown, repo: unknown, id: unknown): string =>
  `${String(owner)}/${String(repo)}${STATUS}${String(id)}`

function drop(cache: Cache, part: string): void {
  for (const key of [...cache.keys()]) if (key.includes(part)) cache.delete(key)
}

// Before a write is sent: what it may change is no longer known.
function beforeWrite(cache: Cache, r: Request): void {
  if (r.url === STATUSES_URL) {
    cache.delete(statusKey(r.owner, r.repo, r.deployment_id))
    if (r.state === 'success') drop(cache, STATUS)
  } else if (r.url === DEPLOYMENTS_URL) drop(cache, LISTING)
  else cache.clear()
}

function cacheOf(octokit: Octokit): Cache {
  const known = caches.get(octokit)
  if (known) return known
  const cache: Cache = new Map()
  octokit.hook.before('request', (options: Request) => {
    if (writesDeployments(options)) beforeWrite(cache, options)
  })
  octokit.hook.after('request', (response, options: Request) => {
    if (!writesDeployments(options)) return
    // GitHub answers a new status with it: now the deployment's latest.
    if (options.url === STATUSES_URL)
      cache.set(
        statusKey(options.owner, options.repo, options.deployment_id),
        Promise.resolve(response.data)
      )
  })
  octokit.hook.error('request', (error, options: Request) => {
    // A write that failed may still have been applied.
    if (writesDeployments(options)) beforeWrite(cache, options)
    throw error
  })
  caches.set(octokit, cache)
  return cache
}

/** Reads the environment's deployments once per run for the same `key`. */
export function listingOnce<T>(
  ctx: RepoContext,
  key: string,
  read: () => Promise<T>
): Promise<T> {
  return once(ctx, `${ctx.owner}/${ctx.repo}${LISTING}${key}`, read)
}

/** Reads a deployment's latest status once per run. */
export function statusOnce<T>(
  ctx: RepoContext,
  deploymentId: number,
  read: () => Promise<T>
): Promise<T> {
  return once(ctx, statusKey(ctx.owner, ctx.repo, deploymentId), read)
}

// A failed read is not kept, so the next caller asks again.
function once<T>(
  ctx: RepoContext,
  key: string,
  read: () => Promise<T>
): Promise<T> {
  const cache = cacheOf(ctx.octokit)
  const kept = cache.get(key)
  if (kept) return kept as Promise<T>
  const pending = read()
  cache.set(key, pending)
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key)
  })
  return pending
}
