import { afterAll, describe, expect, it } from '@jest/globals'
import { runAction, type RunActionResult } from '../../src/runner/index.js'
import { variantAction } from './tiny-action.js'

const removals: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(removals.map(remove => remove()))
})

async function run(
  postIf: string,
  mode: 'normal' | 'fail' | 'wait-sigint'
): Promise<RunActionResult> {
  const action = await variantAction({ 'post-if': postIf })
  removals.push(action.remove)
  return runAction({
    scanSecrets: false, // the tiny action leaks on purpose
    actionDir: action.dir,
    inputs: { mode },
    ...(mode === 'wait-sigint' && { cancel: { whenLine: 'ready' } }),
    killGraceMs: { sigintMs: 300, sigtermMs: 300 },
    timeoutMs: 20_000
  })
}

describe('post-if, evaluated against the job status like the runner', () => {
  it('runs post by default (always()) even after main failed', async () => {
    const result = await run('', 'fail')
    expect(result.main.outcome).toBe('failure')
    expect(result.main.annotations[0]?.message).toBe('tiny failed on purpose')
    expect(result.post?.outcome).toBe('success')
    expect(result.conclusion).toBe('failure')
  })

  it('skips a success() post after a failed main', async () => {
    const result = await run('success()', 'fail')
    expect(result.post?.outcome).toBe('skipped')
    expect(result.post?.log).toBe('')
  })

  it('runs a success() post after a successful main', async () => {
    const result = await run('${{ success() }}', 'normal')
    expect(result.post?.outcome).toBe('success')
  })

  it('runs a failure() post only after a failed main', async () => {
    expect((await run('failure()', 'normal')).post?.outcome).toBe('skipped')
    expect((await run('failure()', 'fail')).post?.outcome).toBe('success')
  })

  it('runs a cancelled() post only after a cancelled main', async () => {
    const cancelled = await run('cancelled()', 'wait-sigint')
    expect(cancelled.post?.outcome).toBe('success')
    expect((await run('cancelled()', 'normal')).post?.outcome).toBe('skipped')
    expect((await run('failure()', 'wait-sigint')).post?.outcome).toBe(
      'skipped'
    )
  })

  it('understands negation and combinations', async () => {
    const result = await run('!cancelled() && (success() || failure())', 'fail')
    expect(result.post?.outcome).toBe('success')
  })

  it('rejects a condition it cannot evaluate instead of guessing', async () => {
    await expect(run("contains(github.ref, 'main')", 'normal')).rejects.toThrow(
      /unsupported condition/
    )
  })
})
