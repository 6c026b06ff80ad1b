import { legacyNodeId, stableId, userAccount } from './accounts.js'
import {
  completeComment,
  completeIssue,
  completeRepository
} from './complete.js'
import {
  replaceStrings,
  retargetRepository,
  type RepoOption
} from './retarget.js'
import { example, type JsonObject } from './sources.js'
import { assertValidPayload } from './validate.js'

export type AuthorAssociation =
  | 'OWNER'
  | 'MEMBER'
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'MANNEQUIN'
  | 'NONE'

export interface IssueCommentOptions {
  /** Carried verbatim, however hostile. */
  body: string
  /** Who commented; also the event's sender. */
  login?: string
  /** The issue or pull request number. */
  prNumber?: number
  /** A PR comment (issue.pull_request set) unless false. */
  onPullRequest?: boolean
  action?: 'created' | 'edited' | 'deleted'
  repo?: RepoOption
  /** The commenter's relation to the repository; commands often gate on it. */
  authorAssociation?: AuthorAssociation
  commentId?: number
  /** For `edited`: the body before the edit (default: the example's). */
  previousBody?: string
}

/** The fields of an issue_comment payload that callers usually read. */
export interface IssueCommentPayload extends JsonObject {
  action: string
  issue: JsonObject & { number: number; pull_request?: JsonObject }
  comment: JsonObject & { id: number; body: string; user: JsonObject }
  repository: JsonObject & { full_name: string }
  sender: JsonObject & { login: string }
}

/**
 * An `issue_comment` payload built from GitHub's real example, moved to the
 * emulated repository. GitHub has no separate event for PR conversation
 * comments: they are issue comments whose issue carries `pull_request`,
 * which is how this builder derives them (the examples have none).
 */
export function issueCommentCreated(
  options: IssueCommentOptions
): IssueCommentPayload {
  const action = options.action ?? 'created'
  const source = example('issue_comment', action)
  completeIssue(source['issue'] as JsonObject)
  completeComment(source['comment'] as JsonObject)
  completeRepository(source['repository'] as JsonObject)
  const payload = retargetRepository(source, options.repo)
  const number = options.prNumber ?? 42
  payload['issue'] = renumber(payload['issue'] as JsonObject, number)
  const issue = payload['issue'] as JsonObject
  // The example's author owned Hello-World; in acme's repository they are
  // an outside contributor. A new comment is counted on its issue.
  issue['author_association'] = 'CONTRIBUTOR'
  if (action === 'created') {
    issue['comments'] = Math.max(1, Number(issue['comments']))
  }
  if (options.onPullRequest ?? true) linkPullRequest(issue, payload)
  payload['comment'] = comment(payload, options)
  payload['sender'] = userAccount(options.login ?? 'octocat')
  // An edited example already carries its real `changes`.
  if (action === 'edited' && options.previousBody !== undefined) {
    payload['changes'] = { body: { from: options.previousBody } }
  }
  assertValidPayload('issue_comment', action, payload)
  return payload as IssueCommentPayload
}

function renumber(issue: JsonObject, number: number): JsonObject {
  const old = Number(issue['number'])
  const path = new RegExp(`/(issues|pull|pulls)/${old}(?=$|[/#?.])`, 'g')
  const moved = replaceStrings(issue, text =>
    text.replace(path, `/$1/${number}`)
  ) as JsonObject
  moved['number'] = number
  moved['id'] = stableId(`issue:${number}`, 1_000_000_000)
  moved['node_id'] = legacyNodeId('Issue', moved['id'] as number)
  return moved
}

// What GitHub puts on an issue that is a pull request.
function linkPullRequest(issue: JsonObject, payload: JsonObject): void {
  const repository = payload['repository'] as JsonObject
  const number = issue['number'] as number
  const html = `${String(repository['html_url'])}/pull/${number}`
  issue['html_url'] = html
  issue['pull_request'] = {
    url: `${String(repository['url'])}/pulls/${number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    merged_at: null
  }
}

function comment(
  payload: JsonObject,
  options: IssueCommentOptions
): JsonObject {
  const issue = payload['issue'] as JsonObject
  const template = payload['comment'] as JsonObject
  const id =
    options.commentId ?? stableId(`comment:${options.body}`, 2_000_000_000)
  const url = `${String(issue['repository_url'])}/issues/comments/${id}`
  const html = `${String(issue['html_url'])}#issuecomment-${id}`
  return {
    ...template,
    url,
    html_url: html,
    issue_url: issue['url'],
    id,
    node_id: legacyNodeId('IssueComment', id),
    user: userAccount(options.login ?? 'octocat'),
    author_association: options.authorAssociation ?? 'MEMBER',
    body: options.body,
    reactions: {
      ...(template['reactions'] as JsonObject),
      url: `${url}/reactions`
    }
  }
}
