/** What a command needs from an `issue_comment` event, read as data. */
export interface CommentEvent {
  readonly commentId: number
  readonly body: string
  /** Who commented. */
  readonly login: string
  readonly prNumber: number
  /** `owner/name` of the repository the workflow runs in. */
  readonly repository: string
  readonly defaultBranch: string
  /**
   * When GitHub stored the comment (`comment.created_at`, GitHub's clock):
   * what the commenter saw is the pull request as it was then.
   */
  readonly createdAt: string
}

/** Why an event is no command to act on (output `reason`). */
export type IgnoredEvent =
  'not_issue_comment' | 'comment_not_created' | 'not_a_pull_request'

type Json = Record<string, unknown>

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined

/**
 * Accepts only what the design allows: an `issue_comment` event, action
 * `created` (an edit would replay an old comment with today's secrets), on
 * a pull request. Checked in code, whatever the workflow's `types:` say.
 */
export function readCommentEvent(
  eventName: string | undefined,
  payload: unknown
): CommentEvent | { readonly ignored: IgnoredEvent } {
  const event = record(payload)
  if (eventName !== 'issue_comment' || !event)
    return { ignored: 'not_issue_comment' }
  if (event.action !== 'created') return { ignored: 'comment_not_created' }
  const issue = record(event.issue)
  const comment = record(event.comment)
  const repository = record(event.repository)
  if (!issue || !record(issue.pull_request))
    return { ignored: 'not_a_pull_request' }
  const login = record(comment?.user)?.login
  const ok =
    typeof comment?.id === 'number' &&
    typeof comment.body === 'string' &&
    typeof login === 'string' &&
    typeof issue.number === 'number' &&
    typeof repository?.full_name === 'string' &&
    typeof repository.default_branch === 'string' &&
    typeof comment.created_at === 'string' &&
    !Number.isNaN(Date.parse(comment.created_at))
  if (!ok) return { ignored: 'not_issue_comment' }
  return {
    commentId: comment.id as number,
    body: comment.body as string,
    login: login as string,
    prNumber: issue.number as number,
    repository: repository.full_name as string,
    defaultBranch: repository.default_branch as string,
    createdAt: comment.created_at as string
  }
}
