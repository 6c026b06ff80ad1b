import { describe, expect, it } from '@jest/globals'
import { issueCommentCreated } from '@rehearse/bench'
import { readCommentEvent } from '../src/comment-event.js'

describe('readCommentEvent', () => {
  it('reads a new comment on a pull request from a real payload', () => {
    const payload = issueCommentCreated({ body: '.deploy', login: 'alice' })
    expect(readCommentEvent('issue_comment', payload)).toEqual({
      commentId: payload.comment.id,
      body: '.deploy',
      login: 'alice',
      prNumber: 42,
      repository: 'acme/widgets',
      defaultBranch: 'main',
      createdAt: payload.comment.created_at
    })
  })

  it.each([
    ['another event', 'pull_request_target', {}, 'not_issue_comment'],
    [
      'an edited comment',
      'issue_comment',
      { action: 'edited' as const },
      'comment_not_created'
    ],
    [
      'a deleted comment',
      'issue_comment',
      { action: 'deleted' as const },
      'comment_not_created'
    ],
    [
      'a comment on an issue',
      'issue_comment',
      { onPullRequest: false },
      'not_a_pull_request'
    ]
  ])('ignores %s', (_what, event, options, reason) => {
    const payload = issueCommentCreated({ body: '.deploy', ...options })
    expect(readCommentEvent(event, payload)).toEqual({ ignored: reason })
  })

  it('ignores a comment without the time GitHub wrote it', () => {
    const payload = issueCommentCreated({ body: '.deploy' })
    for (const created_at of [undefined, 'yesterday']) {
      const comment = { ...payload.comment, created_at }
      expect(
        readCommentEvent('issue_comment', { ...payload, comment })
      ).toEqual({ ignored: 'not_issue_comment' })
    }
  })

  it('ignores a payload that is not the shape GitHub sends', () => {
    expect(readCommentEvent('issue_comment', undefined)).toEqual({
      ignored: 'not_issue_comment'
    })
    expect(
      readCommentEvent('issue_comment', {
        action: 'created',
        issue: { pull_request: {}, number: '42' },
        comment: { id: 1, body: '.deploy', user: { login: 'a' } },
        repository: { full_name: 'a/b', default_branch: 'main' }
      })
    ).toEqual({ ignored: 'not_issue_comment' })
  })
})
