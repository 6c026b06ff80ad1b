import { describe, expect, it } from '@jest/globals'
import type { HeldLock } from '@rehearse/engine'
import { code, inert } from '../src/inert.js'
import { parseCommand } from '../src/parse-command.js'
import { renderLockReply } from '../src/render-replies.js'
import { renderRefusal, renderResult } from '../src/render-result.js'

// What people really paste: a Trojan Source reversal, a zero-width space
// splitting a word, an isolate, and tag characters smuggling "ok".
const RLO_REASON = 'QA until \u202Eyadnom\u202C, ask @alice'
const ZERO_WIDTH_BRANCH = 'feature/lo\u200Bgin\u2066x\u2069'
const SMUGGLED = 'fine\u{E006F}\u{E006B}'
const INVISIBLE =
  /[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\u{E0000}-\u{E007F}]/u

const header = {
  command: '.lock',
  login: 'alice',
  prNumber: 42,
  logUrl: undefined
}

const lock = (reason: string): HeldLock => ({
  environment: 'staging',
  version: 'v1',
  owner: 'alice',
  reason,
  pr: 42,
  runId: '1',
  kind: 'hold',
  acquiredAt: '2030-01-01T00:00:00Z',
  expiresAt: undefined
})

describe('text from comments and branches in bot comments', () => {
  it('shows the lock reason of a real .lock comment with its code points', () => {
    const parsed = parseCommand(`.lock staging --reason "${RLO_REASON}"`, '.')
    if (parsed.type !== 'command') throw new Error('not a command')
    const body = renderLockReply(header, 'staging', {
      done: 'locked',
      lock: lock(parsed.command.reason ?? '')
    })
    expect(body).not.toMatch(INVISIBLE)
    expect(body).toContain('\\[U\\+202E\\]yadnom\\[U\\+202C\\]')
  })

  it('shows a branch name with zero-width characters and isolates in the result', () => {
    const body = renderResult({
      ...header,
      command: '.deploy',
      environment: 'staging',
      outcome: 'success',
      sha: 'a'.repeat(40),
      ref: ZERO_WIDTH_BRANCH,
      environmentUrl: undefined,
      stages: [
        {
          environment: 'staging',
          stage: 'deploy',
          state: 'success',
          description: SMUGGLED,
          updatedAt: '2030-01-01T00:00:00Z'
        }
      ],
      durationMs: 1000,
      notes: [`branch ${ZERO_WIDTH_BRANCH}`],
      rollback: false
    })
    expect(body).not.toMatch(INVISIBLE)
    expect(body).toContain(
      '| branch | feature/lo\\[U\\+200B\\]gin\\[U\\+2066\\]x\\[U\\+2069\\] |'
    )
    expect(body).toContain('fine\\[U\\+E006F\\]\\[U\\+E006B\\]')
  })

  it('shows invisible characters of a refusal message and of the command', () => {
    const body = renderRefusal(
      { ...header, command: '.\u200Bdeploy' },
      'staging',
      { reason: 'environment_locked', message: `held: ${RLO_REASON}` }
    )
    expect(body).not.toMatch(INVISIBLE)
    expect(body).toContain('`.[U+200B]deploy`')
  })

  it('leaves nothing invisible in inert text or code spans', () => {
    const everything = `${RLO_REASON} ${ZERO_WIDTH_BRANCH} ${SMUGGLED}`
    expect(inert(everything, 500)).not.toMatch(INVISIBLE)
    expect(code(everything, 500)).not.toMatch(INVISIBLE)
  })
})
