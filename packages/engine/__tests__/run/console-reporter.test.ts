import { describe, expect, it } from '@jest/globals'
import { createConsoleReporter } from '../../src/run/console-reporter.js'

function capture() {
  const chunks: string[] = []
  const reporter = createConsoleReporter(text => chunks.push(text))
  return { reporter, text: () => chunks.join('') }
}

describe('createConsoleReporter', () => {
  it('prints groups as headers with their output indented', async () => {
    const { reporter, text } = capture()
    const value = await reporter.group('Apply manifests', async () => {
      reporter.info('applied\ntwo lines')
      reporter.warning('slow')
      return 42
    })
    reporter.error('after')
    expect(value).toBe(42)
    expect(text()).toBe(
      '▶ Apply manifests\n  applied\n  two lines\n  warning: slow\nerror: after\n'
    )
  })

  it('ends the group even when its body throws', async () => {
    const { reporter, text } = capture()
    await expect(
      reporter.group('boom', async () => {
        throw new Error('no')
      })
    ).rejects.toThrow('no')
    reporter.info('outside')
    expect(text()).toBe('▶ boom\noutside\n')
  })

  it('masks a registered secret in everything printed afterwards', async () => {
    const { reporter, text } = capture()
    reporter.info('before: hunter2')
    reporter.mask('hunter2')
    reporter.info('token=hunter2;again=hunter2')
    await reporter.group('as hunter2', async () => reporter.error('hunter2!'))
    expect(text()).toBe(
      'before: hunter2\ntoken=***;again=***\n▶ as ***\n  error: ***!\n'
    )
  })

  it('masks each line of a multi-line secret, and a longer secret whole', () => {
    const { reporter, text } = capture()
    reporter.mask('abc')
    reporter.mask('-----BEGIN KEY-----\nabcdef\n-----END KEY-----')
    reporter.info('line abcdef, short abc')
    reporter.info('-----BEGIN KEY-----')
    expect(text()).toBe('line ***, short ***\n***\n')
  })

  it('ignores an empty secret instead of masking everything', () => {
    const { reporter, text } = capture()
    reporter.mask('')
    reporter.mask('  \n')
    reporter.info('visible')
    expect(text()).toBe('visible\n')
  })
})
