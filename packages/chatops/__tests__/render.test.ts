import { describe, expect, it } from '@jest/globals'
import type { HeldLock } from '@rehearse/engine'
import { renderLockReply, renderStatus } from '../src/render-replies.js'
import { renderRefusal, renderResult } from '../src/render-result.js'

const header = {
  command: '.deploy',
  login: 'alice',
  prNumber: 42,
  logUrl: 'https://github.com/acme/widgets/actions/runs/1'
}
const sha = 'a'.repeat(40)
const hostile = '<b>x</b> @here [a](javascript:1) | `'

/** No tag, mention, link or table break came from the hostile text. */
function expectInert(body: string): void {
  expect(body).not.toContain('<b>')
  expect(body).not.toContain('@here')
  expect(body).not.toContain('javascript:')
  expect(body).not.toContain(hostile)
}

describe('replies', () => {
  it('render a result with stages, keeping branch and descriptions inert', () => {
    const body = renderResult({
      ...header,
      environment: 'staging',
      outcome: 'failure',
      sha,
      ref: hostile,
      environmentUrl: 'https://staging.example.com',
      stages: [
        {
          environment: 'staging',
          stage: 'deploy',
          state: 'failure',
          description: hostile,
          updatedAt: '2030-01-01T00:00:00Z'
        }
      ],
      durationMs: 61_500,
      notes: [],
      rollback: false
    })
    expect(body).toContain('### ❌ staging: deploy of `aaaaaaa` failed')
    expect(body).toContain('| time | 1 min 2 s |')
    expect(body).toContain(
      '[run log](https://github.com/acme/widgets/actions/runs/1)'
    )
    expectInert(body)
  })

  it('show an environment URL as a link only when it is a plain http(s) URL', () => {
    const view = {
      ...header,
      environment: 'staging',
      outcome: 'success' as const,
      sha,
      ref: undefined,
      stages: [],
      durationMs: undefined,
      notes: [],
      rollback: false
    }
    expect(
      renderResult({ ...view, environmentUrl: 'https://s.example.com/a' })
    ).toContain('[staging](https://s.example.com/a)')
    const odd = renderResult({ ...view, environmentUrl: 'https://x.com/a)(b' })
    expect(odd).not.toContain('](https://x.com/a)(b)')
  })

  it('render a refusal with its reason code and an inert message', () => {
    const body = renderRefusal(header, 'staging', {
      reason: 'checks_failed',
      message: `CI is red: ${hostile}`
    })
    expect(body).toContain(
      '### ⛔ staging: `.deploy` refused (`checks_failed`)'
    )
    expectInert(body)
  })

  it('render locks and status with the lock reason inert', () => {
    const lock: HeldLock = {
      environment: 'staging',
      version: 'v1',
      owner: 'mia',
      reason: hostile,
      runId: '1',
      kind: 'hold',
      pr: 7,
      acquiredAt: '2030-01-01T00:00:00.000Z',
      expiresAt: undefined
    }
    const reply = renderLockReply({ ...header, command: '.lock' }, 'staging', {
      done: 'locked',
      lock
    })
    expect(reply).toContain('### 🔒 staging: locked until `.unlock staging`')
    expect(reply).toContain('🔒 locked by @mia from #7')
    expectInert(reply)
    const status = renderStatus(
      { ...header, command: '.status' },
      [
        {
          name: 'staging',
          url: undefined,
          production: false,
          latest: undefined,
          lock
        }
      ],
      { sha, stages: [] }
    )
    expect(status).toContain('| staging | — | 🔒 locked by @mia')
    expectInert(status)
  })
})
