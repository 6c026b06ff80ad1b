import { describe, expect, it } from '@jest/globals'
import { issueCommentCreated } from '../../src/payloads/index.js'
import { runAction } from '../../src/runner/index.js'
import { TINY_ACTION } from './tiny-action.js'

const HOSTILE = [
  '/deploy staging',
  '::set-output name=injected::gotcha',
  '$(rm -rf /) `id`',
  'x'.repeat(65_536)
].join('\n')

function runWithComment(mode: 'event' | 'event-safe') {
  return runAction({
    actionDir: TINY_ACTION,
    inputs: { mode, who: 'bench' },
    event: {
      name: 'issue_comment',
      payload: issueCommentCreated({ body: HOSTILE, prNumber: 7 })
    }
  })
}

describe('a real issue_comment payload through the runner', () => {
  it('reaches the action verbatim and survives the heredoc output', async () => {
    const result = await runWithComment('event-safe')
    expect(result.outputs['comment-body']).toBe(HOSTILE)
    expect(result.outputs['injected']).toBeUndefined()
    expect(result.main.log).toContain('::set-output name=injected::gotcha')
  })

  it('becomes a workflow command when an action prints it unguarded', async () => {
    const result = await runWithComment('event')
    expect(result.outputs['injected']).toBe('gotcha')
    expect(result.annotations.map(a => a.message)).toContainEqual(
      expect.stringMatching(/^The `set-output` command is deprecated/)
    )
  })
})
