import { HttpError, notFound } from '../http-error.js'
import { renderCommit, renderFile, renderGitCommit } from '../render/commit.js'
import { resolveRef } from '../resolve-ref.js'
import { param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'

const HEX = /^[0-9a-f]{4,40}$/i
// GitHub lists at most this many commits in a comparison.
const COMPARE_LIMIT = 250

async function getCommit(ctx: RouteContext): Promise<Reply> {
  const ref = param(ctx, 'ref')
  const sha = await resolveRef(ctx.state, ctx.git, ref)
  const info = sha ? await ctx.git.commit(sha) : undefined
  if (!info) throw new HttpError(422, `No commit found for SHA: ${ref}`)
  const files = await ctx.git.diff(info.parents[0], info.sha)
  return { status: 200, body: renderCommit(ctx.urls, info, files) }
}

async function getGitCommit(ctx: RouteContext): Promise<Reply> {
  const sha = param(ctx, 'commit_sha')
  const info = HEX.test(sha) ? await ctx.git.commit(sha) : undefined
  if (!info) throw notFound()
  return { status: 200, body: renderGitCommit(ctx.urls, info) }
}

async function treeSha(
  ctx: RouteContext,
  name: string
): Promise<string | undefined> {
  if (HEX.test(name)) return ctx.git.resolveTree(name)
  const commit = await resolveRef(ctx.state, ctx.git, name)
  return commit ? ctx.git.resolveTree(commit) : undefined
}

async function getTree(ctx: RouteContext): Promise<Reply> {
  const sha = await treeSha(ctx, param(ctx, 'tree_sha'))
  if (!sha) throw notFound()
  // GitHub recurses for any value of `recursive`, even "false" or "0".
  const entries = await ctx.git.tree(sha, ctx.query.has('recursive'))
  const tree = entries.map(entry => ({
    path: entry.path,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
    ...(entry.size === undefined ? {} : { size: entry.size }),
    ...(entry.type === 'commit'
      ? {}
      : { url: `${ctx.urls.repoApi}/git/${entry.type}s/${entry.sha}` })
  }))
  return {
    status: 200,
    body: {
      sha,
      url: `${ctx.urls.repoApi}/git/trees/${sha}`,
      tree,
      truncated: false
    }
  }
}

function comparisonStatus(ahead: number, behind: number): string {
  if (ahead === 0 && behind === 0) return 'identical'
  if (behind === 0) return 'ahead'
  return ahead === 0 ? 'behind' : 'diverged'
}

async function compare(ctx: RouteContext): Promise<Reply> {
  const basehead = param(ctx, 'basehead')
  const [base, head, ...extra] = basehead.split('...')
  if (base === undefined || head === undefined || extra.length > 0)
    throw notFound()
  const [baseSha, headSha] = await Promise.all([
    resolveRef(ctx.state, ctx.git, base),
    resolveRef(ctx.state, ctx.git, head)
  ])
  if (!baseSha || !headSha) throw notFound()
  const mergeBase = await ctx.git.mergeBase(baseSha, headSha)
  if (!mergeBase)
    throw notFound(`No common ancestor between ${base} and ${head}.`)
  const [ahead, behind, files] = await Promise.all([
    ctx.git.between(baseSha, headSha),
    ctx.git.between(headSha, baseSha),
    ctx.git.diff(mergeBase, headSha)
  ])
  const paged = ctx.query.has('page') || ctx.query.has('per_page')
  const listed = paged ? ctx.paginate(ahead) : ahead.slice(0, COMPARE_LIMIT)
  const [baseInfo, mergeBaseInfo, ...commits] = await ctx.git.commitsBySha([
    baseSha,
    mergeBase,
    ...listed
  ])
  const { urls } = ctx
  const short = (sha: string) => `${urls.owner}:${sha.slice(0, 7)}`
  const web = `${urls.repoWeb}/compare/${basehead}`
  return {
    status: 200,
    body: {
      url: `${urls.repoApi}/compare/${basehead}`,
      html_url: web,
      permalink_url: `${urls.repoWeb}/compare/${short(baseSha)}...${short(headSha)}`,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      base_commit: baseInfo && renderCommit(urls, baseInfo),
      merge_base_commit: mergeBaseInfo && renderCommit(urls, mergeBaseInfo),
      status: comparisonStatus(ahead.length, behind.length),
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: commits.map(info => renderCommit(urls, info)),
      files: files.map(file => renderFile(urls, headSha, file))
    }
  }
}

async function getBranch(ctx: RouteContext): Promise<Reply> {
  const name = param(ctx, 'branch')
  const sha = ctx.state.refs.get(`refs/heads/${name}`)
  const info = sha ? await ctx.git.commit(sha) : undefined
  if (!info) throw notFound('Branch not found')
  const self = `${ctx.urls.repoApi}/branches/${name}`
  return {
    status: 200,
    body: {
      name,
      commit: renderCommit(ctx.urls, info),
      _links: { self, html: `${ctx.urls.repoWeb}/tree/${name}` },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: {
          enforcement_level: 'off',
          contexts: [],
          checks: []
        }
      },
      protection_url: `${self}/protection`
    }
  }
}

/** Commits, trees, comparisons and branches, read from the git repository. */
export const commitRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    operationId: 'git/get-commit',
    handler: getGitCommit
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/trees/{tree_sha+}',
    operationId: 'git/get-tree',
    handler: getTree
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/compare/{basehead+}',
    operationId: 'repos/compare-commits-with-basehead',
    handler: compare
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/branches/{branch+}',
    operationId: 'repos/get-branch',
    handler: getBranch
  },
  // Last: `{ref+}` would swallow /commits/{ref}/status and friends.
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref+}',
    operationId: 'repos/get-commit',
    handler: getCommit
  }
]
