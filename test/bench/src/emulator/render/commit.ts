import type { CommitInfo, FileChange, Signature } from '../git-objects.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'
import { renderUser } from './user.js'

type Json = Record<string, unknown>

const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null
}

// GitHub links a commit to an account by email; only noreply addresses
// (`[id+]login@users.noreply.github.com`) say which account without a lookup.
function accountOf(urls: Urls, signature: Signature): Json | null {
  const match = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(
    signature.email
  )
  return match?.[1] ? renderUser(urls, match[1]) : null
}

function parentLinks(urls: Urls, info: CommitInfo, api: string): Json[] {
  return info.parents.map(sha => ({
    sha,
    url: `${urls.repoApi}/${api}/${sha}`,
    html_url: `${urls.repoWeb}/commit/${sha}`
  }))
}

/** A `diff-entry` for one changed file at `ref`. */
export function renderFile(urls: Urls, ref: string, change: FileChange): Json {
  const path = change.filename.split('/').map(encodeURIComponent).join('/')
  return {
    sha: change.sha,
    filename: change.filename,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: `${urls.repoWeb}/blob/${ref}/${path}`,
    raw_url: `${urls.repoWeb}/raw/${ref}/${path}`,
    contents_url: `${urls.repoApi}/contents/${path}?ref=${ref}`
  }
}

/** GitHub's `commit` (the /commits/{ref} shape); files only when given. */
export function renderCommit(
  urls: Urls,
  info: CommitInfo,
  files?: FileChange[]
): Json {
  const rendered: Json = {
    sha: info.sha,
    node_id: nodeId('Commit', info.sha),
    url: `${urls.repoApi}/commits/${info.sha}`,
    html_url: `${urls.repoWeb}/commit/${info.sha}`,
    comments_url: `${urls.repoApi}/commits/${info.sha}/comments`,
    commit: {
      url: `${urls.repoApi}/git/commits/${info.sha}`,
      author: info.author,
      committer: info.committer,
      message: info.message,
      tree: { sha: info.tree, url: `${urls.repoApi}/git/trees/${info.tree}` },
      comment_count: 0,
      verification: UNSIGNED
    },
    author: accountOf(urls, info.author),
    committer: accountOf(urls, info.committer),
    parents: parentLinks(urls, info, 'commits')
  }
  if (files) {
    const additions = files.reduce((sum, file) => sum + file.additions, 0)
    const deletions = files.reduce((sum, file) => sum + file.deletions, 0)
    rendered.stats = { additions, deletions, total: additions + deletions }
    rendered.files = files.map(file => renderFile(urls, info.sha, file))
  }
  return rendered
}

/** GitHub's `git-commit` (the /git/commits/{sha} shape). */
export function renderGitCommit(urls: Urls, info: CommitInfo): Json {
  return {
    sha: info.sha,
    node_id: nodeId('Commit', info.sha),
    url: `${urls.repoApi}/git/commits/${info.sha}`,
    html_url: `${urls.repoWeb}/commit/${info.sha}`,
    author: info.author,
    committer: info.committer,
    tree: { sha: info.tree, url: `${urls.repoApi}/git/trees/${info.tree}` },
    message: info.message,
    parents: parentLinks(urls, info, 'git/commits'),
    verification: UNSIGNED
  }
}
