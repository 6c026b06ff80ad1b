import { describe, expect, it } from '@jest/globals'
import {
  issueCommentCreated,
  pullRequestEvent,
  pushEvent,
  validatePayload,
  workflowDispatch
} from '../../src/payloads/index.js'

describe('payload builders', () => {
  it.each(['created', 'edited', 'deleted'] as const)(
    'builds a schema-valid issue_comment.%s on a pull request',
    action => {
      const payload = issueCommentCreated({ body: '/deploy', action })
      expect(validatePayload('issue_comment', action, payload)).toEqual([])
      expect(payload.action).toBe(action)
    }
  )

  it('links a PR comment to its pull request the way GitHub does', () => {
    const payload = issueCommentCreated({
      body: '/deploy staging',
      login: 'mona',
      prNumber: 7
    })
    expect(payload.issue.number).toBe(7)
    expect(payload.issue.pull_request).toEqual({
      url: 'https://api.github.com/repos/acme/widgets/pulls/7',
      html_url: 'https://github.com/acme/widgets/pull/7',
      diff_url: 'https://github.com/acme/widgets/pull/7.diff',
      patch_url: 'https://github.com/acme/widgets/pull/7.patch',
      merged_at: null
    })
    expect(payload.issue['url']).toBe(
      'https://api.github.com/repos/acme/widgets/issues/7'
    )
    expect(payload.comment['html_url']).toBe(
      `https://github.com/acme/widgets/pull/7#issuecomment-${payload.comment.id}`
    )
    expect(payload.comment.user['login']).toBe('mona')
    expect(payload.sender.login).toBe('mona')
  })

  it('records the previous body of an edited comment', () => {
    const payload = issueCommentCreated({
      body: '/deploy production',
      previousBody: '/deploy staging',
      action: 'edited'
    })
    expect(payload['changes']).toEqual({
      body: { from: '/deploy staging' }
    })
  })

  it('builds a plain issue comment when onPullRequest is false', () => {
    const payload = issueCommentCreated({ body: 'hi', onPullRequest: false })
    expect(payload.issue.pull_request).toBeUndefined()
    expect(payload.issue['html_url']).toBe(
      'https://github.com/acme/widgets/issues/42'
    )
    expect(validatePayload('issue_comment', 'created', payload)).toEqual([])
  })

  it('moves every repository reference to the emulated repository', () => {
    const payload = issueCommentCreated({ body: 'x', repo: 'initech/tps' })
    const text = JSON.stringify(payload)
    expect(text).not.toContain('Hello-World')
    expect(payload.repository.full_name).toBe('initech/tps')
    expect(payload.repository['owner']).toMatchObject({
      login: 'initech',
      type: 'Organization'
    })
    expect(payload['organization']).toMatchObject({ login: 'initech' })
  })

  it('takes the repository as owner/name or as parts', () => {
    const parts = pushEvent({ repo: { name: 'gadgets' } })
    expect(parts.repository.full_name).toBe('acme/gadgets')
    expect(() => pushEvent({ repo: 'widgets' })).toThrow(/owner\/name/)
  })

  it('marks a bot commenter as a Bot', () => {
    const payload = issueCommentCreated({
      body: 'x',
      login: 'dependabot[bot]',
      authorAssociation: 'NONE'
    })
    expect(payload.sender).toMatchObject({
      login: 'dependabot[bot]',
      type: 'Bot',
      html_url: 'https://github.com/apps/dependabot'
    })
    expect(payload.comment['author_association']).toBe('NONE')
  })

  it('builds a schema-valid push of one commit', () => {
    const sha = 'a'.repeat(40)
    const before = 'b'.repeat(40)
    const payload = pushEvent({ sha, before, ref: 'refs/heads/release' })
    expect(validatePayload('push', undefined, payload)).toEqual([])
    expect(payload).toMatchObject({
      ref: 'refs/heads/release',
      before,
      after: sha,
      created: false
    })
    expect(payload.head_commit.id).toBe(sha)
    expect(payload.commits.map(c => c.id)).toEqual([sha])
    expect(payload['compare']).toBe(
      'https://github.com/acme/widgets/compare/bbbbbbbbbbbb...aaaaaaaaaaaa'
    )
    expect(JSON.stringify(payload)).not.toContain('Codertocat/Hello-World')
  })

  it('builds a schema-valid workflow_dispatch with its inputs', () => {
    const payload = workflowDispatch({
      ref: 'refs/heads/main',
      inputs: { environment: 'staging', dry_run: true }
    })
    expect(validatePayload('workflow_dispatch', undefined, payload)).toEqual([])
    expect(payload.inputs).toEqual({ environment: 'staging', dry_run: true })
    expect(payload.repository.full_name).toBe('acme/widgets')
  })

  it.each(['opened', 'synchronize', 'reopened', 'closed'])(
    'builds a schema-valid pull_request.%s',
    action => {
      const payload = pullRequestEvent({
        action,
        number: 12,
        headRef: 'feat/login',
        headSha: 'c'.repeat(40)
      })
      expect(validatePayload('pull_request', action, payload)).toEqual([])
      expect(payload.number).toBe(12)
      expect(payload.pull_request.head).toMatchObject({
        ref: 'feat/login',
        sha: 'c'.repeat(40),
        label: 'acme:feat/login'
      })
      expect(payload.pull_request.base.ref).toBe('main')
      expect(payload.pull_request['statuses_url']).toBe(
        `https://api.github.com/repos/acme/widgets/statuses/${'c'.repeat(40)}`
      )
    }
  )
})
