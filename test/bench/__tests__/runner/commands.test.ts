import { describe, expect, it } from '@jest/globals'
import { findNode24, NODE24_PATH, runAction } from '../../src/runner/index.js'
import { TINY_ACTION } from './tiny-action.js'

function runMode(mode: string, extra: { debug?: boolean } = {}) {
  return runAction({
    scanSecrets: false, // the tiny action leaks on purpose
    actionDir: TINY_ACTION,
    inputs: { mode, who: 'bench' },
    ...extra
  })
}

describe('legacy stdout commands', () => {
  it('honours set-output and save-state with the runner deprecation warning', async () => {
    const result = await runMode('legacy')
    expect(result.outputs['legacy']).toBe('from stdout')
    expect(result.state['old']).toBe('kept')
    const warnings = result.annotations
      .filter(a => a.level === 'warning')
      .map(a => a.message)
    expect(warnings).toEqual([
      expect.stringMatching(/^The `set-output` command is deprecated/),
      expect.stringMatching(/^The `save-state` command is deprecated/)
    ])
  })

  it('refuses set-env and fails the step, as the runner has since 2020', async () => {
    const result = await runMode('legacy')
    expect(result.env['SNEAKY']).toBeUndefined()
    expect(result.main.outcome).toBe('failure')
    const errors = result.annotations.filter(a => a.level === 'error')
    expect(errors.map(a => a.message)).toEqual([
      "Unable to process command '::set-env name=SNEAKY::value' successfully.",
      expect.stringMatching(/^The `set-env` command is disabled/)
    ])
  })
})

describe('malformed command files', () => {
  it('fails the step when a heredoc value contains its own delimiter line', async () => {
    const result = await runMode('bad-output')
    expect(result.main.exitCode).toBe(0)
    expect(result.main.outcome).toBe('failure')
    // What was read before the bad line is kept, like on the runner.
    expect(result.outputs['bad']).toBe('first')
    expect(result.annotations.map(a => a.message)).toEqual([
      "Unable to process file command 'output' successfully.",
      "Invalid format 'second'"
    ])
  })

  it('fails the step when a heredoc is never closed', async () => {
    const result = await runMode('no-delimiter')
    expect(result.main.outcome).toBe('failure')
    expect(result.annotations.map(a => a.message)).toContain(
      "Invalid value. Matching delimiter not found 'END'"
    )
  })
})

describe('step debug', () => {
  it('sets RUNNER_DEBUG and shows ::debug:: lines in the log', async () => {
    const result = await runMode('normal', { debug: true })
    expect(result.main.log).toContain('##[debug]a debug line')
  })
})

describe('Node 24', () => {
  const node24 = findNode24()
  const title = 'runs the tiny action (using: node24) on the Node 24 binary'
  const test = node24 ? it : it.skip

  test(
    node24
      ? title
      : `${title} [skipped: nothing at ${NODE24_PATH}, run npm run node24]`,
    async () => {
      const result = await runAction({
        scanSecrets: false, // the tiny action leaks on purpose
        actionDir: TINY_ACTION,
        inputs: { who: 'Node 24' },
        node: node24
      })
      expect(result.conclusion).toBe('success')
      expect(result.outputs['node-version']).toMatch(/^v24\./)
      expect(result.outputs['greeting']).toBe('Hello, Node 24!')
      expect(result.main.log).toContain('the secret is ***')
      expect(result.post?.log).toContain('state cleanup-id=tmp-42')
    }
  )
})
