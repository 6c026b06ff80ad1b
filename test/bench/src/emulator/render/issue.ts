import type { EmulatorState, IssueRecord, PullRecord } from '../state.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'
import { authorAssociation, label } from './pull.js'
import { renderUser } from './user.js'

type Json = Record<string, unknown>

function links(urls: Urls, number: number, kind: 'issues' | 'pull'): Json {
  const api = `${urls.repoApi}/issues/${number}`
  return {
    url: api,
    repository_url: urls.repoApi,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    timeline_url: `${api}/timeline`,
    html_url: `${urls.repoWeb}/${kind}/${number}`
  }
}

function common(state: EmulatorState, number: number): Json {
  return {
    comments: state.comments.filter(c => c.issueNumber === number).length,
    locked: false,
    active_lock_reason: null,
    assignee: null,
    assignees: [],
    milestone: null,
    performed_via_github_app: null
  }
}

/** GitHub's `issue` for an issue. */
export function renderIssue(
  urls: Urls,
  state: EmulatorState,
  issue: IssueRecord
): Json {
  return {
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    number: issue.number,
    ...links(urls, issue.number, 'issues'),
    ...common(state, issue.number),
    state: issue.state,
    state_reason: issue.stateReason ?? null,
    title: issue.title,
    body: issue.body ?? null,
    user: renderUser(urls, issue.user),
    labels: (issue.labels ?? []).map(name => label(urls, name)),
    closed_at: issue.state === 'closed' ? (issue.closedAt ?? null) : null,
    closed_by:
      issue.state === 'closed' && issue.closedBy
        ? renderUser(urls, issue.closedBy)
        : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt ?? issue.createdAt,
    author_association: authorAssociation(state, issue.user)
  }
}

/** GitHub's `issue` for a pull request, as the issues API shows one. */
export function renderPullAsIssue(
  urls: Urls,
  state: EmulatorState,
  pull: PullRecord
): Json {
  const html = `${urls.repoWeb}/pull/${pull.number}`
  const closedAt = pull.state === 'closed' ? pull.updatedAt : null
  return {
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    number: pull.number,
    ...links(urls, pull.number, 'pull'),
    ...common(state, pull.number),
    state: pull.state,
    state_reason: null,
    title: pull.title,
    body: pull.body,
    user: renderUser(urls, pull.user),
    labels: pull.labels.map(name => label(urls, name)),
    closed_at: closedAt,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    draft: pull.draft,
    pull_request: {
      url: `${urls.repoApi}/pulls/${pull.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: pull.merged ? closedAt : null
    },
    author_association:
      pull.authorAssociation ?? authorAssociation(state, pull.user)
  }
}
