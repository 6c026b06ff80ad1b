import type { CommitInfo } from '../git-objects.js'
import type {
  CommentRecord,
  EmulatorState,
  IssueEventRecord
} from '../state.js'
import { nodeId } from '../urls.js'
import type { Urls } from '../urls.js'
import { renderGitCommit } from './commit.js'
import { authorAssociation } from './pull.js'
import { renderUser } from './user.js'

type Json = Record<string, unknown>

/**
 * A stored event (`head_ref_force_pushed`, …) in GitHub's generic issue
 * event shape: who, what, which commit, and GitHub's time.
 */
export function renderIssueEvent(urls: Urls, event: IssueEventRecord): Json {
  return {
    id: event.id,
    node_id: nodeId('IssueEvent', event.id),
    url: `${urls.repoApi}/issues/events/${event.id}`,
    actor: renderUser(urls, event.actor),
    event: event.event,
    commit_id: event.commitId,
    commit_url: event.commitId
      ? `${urls.repoApi}/commits/${event.commitId}`
      : null,
    created_at: event.createdAt,
    performed_via_github_app: null
  }
}

/** A comment as the timeline lists it (`commented`). */
export function renderCommentedEvent(
  urls: Urls,
  state: EmulatorState,
  comment: CommentRecord
): Json {
  const kind = state.pulls.some(p => p.number === comment.issueNumber)
    ? 'pull'
    : 'issues'
  return {
    event: 'commented',
    actor: renderUser(urls, comment.user),
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${urls.repoApi}/issues/comments/${comment.id}`,
    html_url: `${urls.repoWeb}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${urls.repoApi}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: renderUser(urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(state, comment.user),
    performed_via_github_app: null
  }
}

/**
 * A commit of the pull request (`committed`). Like GitHub's, it carries
 * only the commit's own dates, which whoever made the commit chose.
 */
export function renderCommittedEvent(urls: Urls, info: CommitInfo): Json {
  return { event: 'committed', ...renderGitCommit(urls, info) }
}
