import type { GitObjects } from '../git-objects.js'
import { notFound } from '../http-error.js'
import { renderPull, renderPullSimple } from '../render/pull.js'
import type { PullStats } from '../render/pull.js'
import { numericParam } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import type { PullRecord } from '../state.js'

// Best effort: a seeded pull may name commits the repository lacks.
async function statsOf(
  git: GitObjects,
  pull: PullRecord
): Promise<PullStats | undefined> {
  const [base, head] = await Promise.all([
    git.resolve(pull.base.sha),
    git.resolve(pull.head.sha)
  ])
  if (!base || !head) return undefined
  const mergeBase = await git.mergeBase(base, head)
  if (!mergeBase) return undefined
  const [commits, files] = await Promise.all([
    git.between(mergeBase, head),
    git.diff(mergeBase, head)
  ])
  return {
    commits: commits.length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changedFiles: files.length
  }
}

async function getPull(ctx: RouteContext): Promise<Reply> {
  const number = numericParam(ctx, 'pull_number')
  const pull = ctx.state.pulls.find(p => p.number === number)
  if (!pull) throw notFound()
  const stats = await statsOf(ctx.git, pull)
  return { status: 200, body: renderPull(ctx.urls, ctx.state, pull, stats) }
}

function matchesHead(pull: PullRecord, head: string | null): boolean {
  if (head === null) return true
  const [owner, ref] = head.includes(':') ? head.split(':') : [undefined, head]
  return (
    pull.head.ref === ref &&
    (owner === undefined || pull.head.repo.split('/')[0] === owner)
  )
}

function listPulls(ctx: RouteContext): Reply {
  const state = ctx.query.get('state') ?? 'open'
  const base = ctx.query.get('base')
  const head = ctx.query.get('head')
  const pulls = ctx.state.pulls
    .filter(p => state === 'all' || p.state === state)
    .filter(p => (base === null || p.base.ref === base) && matchesHead(p, head))
    .sort((a, b) =>
      ctx.query.get('direction') === 'asc'
        ? a.number - b.number
        : b.number - a.number
    )
  return {
    status: 200,
    body: ctx.paginate(pulls).map(p => renderPullSimple(ctx.urls, ctx.state, p))
  }
}

/** Pull requests (seeded by tests): get, list. */
export const pullRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operationId: 'pulls/get',
    handler: getPull
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls',
    operationId: 'pulls/list',
    handler: listPulls
  }
]
