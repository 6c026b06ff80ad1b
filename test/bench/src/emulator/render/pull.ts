import type { EmulatorState, PullRecord } from '../state.js'
import { nodeId, stableId } from '../urls.js'
import type { Urls } from '../urls.js'
import { renderRepository } from './repository.js'
import { renderUser } from './user.js'

type Json = Record<string, unknown>

/** How `login` relates to the repository, as GitHub labels authors. */
export function authorAssociation(state: EmulatorState, login: string): string {
  if (login === state.owner) return 'OWNER'
  const role = state.collaborators.get(login)
  return role && role !== 'none' ? 'COLLABORATOR' : 'CONTRIBUTOR'
}

function side(
  urls: Urls,
  state: EmulatorState,
  ref: string,
  sha: string,
  fullName: string
): Json {
  const owner = fullName.split('/')[0] ?? state.owner
  const own = fullName === `${state.owner}/${state.repo}`
  return {
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: renderUser(urls, owner),
    repo: renderRepository(urls, {
      fullName,
      defaultBranch: state.defaultBranch,
      fork: !own
    })
  }
}

/** GitHub's `label` for a label name. */
export function label(urls: Urls, name: string): Json {
  const id = stableId(`label:${name}`)
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${urls.repoApi}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: 'ededed',
    default: false
  }
}

function links(urls: Urls, pull: PullRecord, head: string): Json {
  const api = `${urls.repoApi}/pulls/${pull.number}`
  const issue = `${urls.repoApi}/issues/${pull.number}`
  return {
    self: { href: api },
    html: { href: `${urls.repoWeb}/pull/${pull.number}` },
    issue: { href: issue },
    comments: { href: `${issue}/comments` },
    review_comments: { href: `${api}/comments` },
    review_comment: { href: `${urls.repoApi}/pulls/comments{/number}` },
    commits: { href: `${api}/commits` },
    statuses: { href: `${urls.repoApi}/statuses/${head}` }
  }
}

/**
 * GitHub's `pull-request-minimal` list of the open pull requests whose
 * head is `sha`, as check runs and check suites carry it.
 */
export function renderPullsOfSha(
  urls: Urls,
  state: EmulatorState,
  sha: string
): Json[] {
  const side = (ref: string, sha: string) => ({
    ref,
    sha,
    repo: { id: state.repoId, url: urls.repoApi, name: state.repo }
  })
  return state.pulls
    .filter(pull => pull.state === 'open' && pull.head.sha === sha)
    .map(pull => ({
      id: pull.id,
      number: pull.number,
      url: `${urls.repoApi}/pulls/${pull.number}`,
      head: side(pull.head.ref, pull.head.sha),
      base: side(pull.base.ref, pull.base.sha)
    }))
}

/** GitHub's `pull-request-simple` (the list shape). */
export function renderPullSimple(
  urls: Urls,
  state: EmulatorState,
  pull: PullRecord
): Json {
  const api = `${urls.repoApi}/pulls/${pull.number}`
  const html = `${urls.repoWeb}/pull/${pull.number}`
  const closedAt = pull.state === 'closed' ? pull.updatedAt : null
  const here = `${state.owner}/${state.repo}`
  return {
    url: api,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${urls.repoApi}/issues/${pull.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${urls.repoApi}/pulls/comments{/number}`,
    comments_url: `${urls.repoApi}/issues/${pull.number}/comments`,
    statuses_url: `${urls.repoApi}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: renderUser(urls, pull.user),
    body: pull.body,
    labels: pull.labels.map(name => label(urls, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: closedAt,
    merged_at: pull.merged ? closedAt : null,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(urls, state, pull.head.ref, pull.head.sha, pull.head.repo),
    base: side(urls, state, pull.base.ref, pull.base.sha, here),
    _links: links(urls, pull, pull.head.sha),
    author_association:
      pull.authorAssociation ?? authorAssociation(state, pull.user),
    auto_merge: null,
    draft: pull.draft
  }
}

/** Size of a pull request's diff, when the emulator could compute it. */
export interface PullStats {
  commits: number
  additions: number
  deletions: number
  changedFiles: number
}

/** GitHub's `pull-request` (the single-pull shape). */
export function renderPull(
  urls: Urls,
  state: EmulatorState,
  pull: PullRecord,
  stats?: PullStats
): Json {
  const comments = state.comments.filter(
    c => c.issueNumber === pull.number
  ).length
  return {
    ...renderPullSimple(urls, state, pull),
    merged: pull.merged,
    mergeable: pull.state === 'open' ? true : null,
    rebaseable: pull.state === 'open' ? true : null,
    mergeable_state: pull.state === 'open' ? 'clean' : 'unknown',
    merged_by: pull.merged ? renderUser(urls, state.owner) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: stats?.commits ?? 1,
    additions: stats?.additions ?? 0,
    deletions: stats?.deletions ?? 0,
    changed_files: stats?.changedFiles ?? 0
  }
}
