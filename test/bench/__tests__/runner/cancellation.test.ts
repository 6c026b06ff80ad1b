import { describe, expect, it } from '@jest/globals'
import {
  RUNNER_KILL_GRACE,
  runAction,
  type RunActionOptions
} from '../../src/runner/index.js'
import { TINY_ACTION } from './tiny-action.js'

// Short stand-ins for the runner's 7.5 s and 2.5 s, so escalation is quick.
const FAST = { sigintMs: 300, sigtermMs: 300 }

function cancelWhenReady(mode: string): RunActionOptions {
  return {
    actionDir: TINY_ACTION,
    inputs: { mode, who: 'bench' },
    cancel: { whenLine: /^ready$/ },
    killGraceMs: FAST,
    timeoutMs: 20_000
  }
}

describe('cancelling a run like the runner', () => {
  it('defaults to the runner grace periods of 7.5 s and 2.5 s', () => {
    expect(RUNNER_KILL_GRACE).toEqual({ sigintMs: 7500, sigtermMs: 2500 })
  })

  it('sends SIGINT, lets the action clean up, then runs post', async () => {
    const result = await runAction(cancelWhenReady('wait-sigint'))
    expect(result.cancelled).toBe(true)
    expect(result.conclusion).toBe('cancelled')
    expect(result.main.outcome).toBe('cancelled')
    expect(result.main.signalsSent).toEqual(['SIGINT'])
    expect(result.main.endedBy).toBe('SIGINT')
    expect(result.main.exitCode).toBe(1)
    expect(result.main.log).toContain('got SIGINT\ncleaned up')
    // State written while handling SIGINT still reaches post.
    expect(result.state).toEqual({ 'cleanup-id': 'tmp-42', interrupted: 'yes' })
    expect(result.post?.outcome).toBe('success')
    expect(result.post?.log).toContain('state interrupted=yes')
  })

  it('escalates to SIGTERM when the action ignores SIGINT', async () => {
    const result = await runAction(cancelWhenReady('ignore-sigint'))
    expect(result.main.log).toContain('ignoring SIGINT')
    expect(result.main.signalsSent).toEqual(['SIGINT', 'SIGTERM'])
    expect(result.main.signal).toBe('SIGTERM')
    expect(result.main.endedBy).toBe('SIGTERM')
    expect(result.main.outcome).toBe('cancelled')
  })

  it('escalates to SIGKILL when the action ignores SIGTERM too', async () => {
    const result = await runAction(cancelWhenReady('ignore-all'))
    expect(result.main.log).toContain('ignoring SIGTERM')
    expect(result.main.signalsSent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL'])
    expect(result.main.signal).toBe('SIGKILL')
    expect(result.main.endedBy).toBe('SIGKILL')
    expect(result.main.durationMs).toBeGreaterThanOrEqual(600)
    expect(result.post?.outcome).toBe('success')
  })

  it('cancels a fixed time after main starts', async () => {
    const result = await runAction({
      ...cancelWhenReady('hang'),
      cancel: { afterMs: 400 }
    })
    expect(result.cancelled).toBe(true)
    expect(result.main.signalsSent[0]).toBe('SIGINT')
  })

  it('follows an AbortSignal', async () => {
    const controller = new AbortController()
    const pending = runAction({
      ...cancelWhenReady('hang'),
      cancel: controller.signal
    })
    setTimeout(() => controller.abort(), 400)
    const result = await pending
    expect(result.cancelled).toBe(true)
    expect(result.main.outcome).toBe('cancelled')
    expect(result.main.signalsSent[0]).toBe('SIGINT')
  })

  it('does not start the action when the job is already cancelled', async () => {
    const result = await runAction({
      ...cancelWhenReady('normal'),
      cancel: AbortSignal.abort()
    })
    expect(result.main.outcome).toBe('skipped')
    expect(result.post).toBeUndefined()
    expect(result.conclusion).toBe('cancelled')
  })

  it('fails a step that outlives its timeout, clearly', async () => {
    const result = await runAction({
      ...cancelWhenReady('hang'),
      cancel: undefined,
      timeoutMs: 300
    })
    expect(result.cancelled).toBe(false)
    expect(result.main.timedOut).toBe(true)
    expect(result.main.outcome).toBe('failure')
    expect(result.conclusion).toBe('failure')
    expect(result.main.annotations.map(a => a.message)).toContain(
      'The action has timed out after 300 ms.'
    )
  })
})
