import { describe, expect, it } from '@jest/globals'
import { ConfigurationError } from '@rehearse/core'
import { parseRequireChecks } from '../src/ci-gate.js'

describe('parseRequireChecks', () => {
  it.each([
    ['all', { mode: 'all' }],
    [' required ', { mode: 'required' }],
    ['none', { mode: 'none' }],
    [
      'build, ci/lint\ne2e',
      { mode: 'list', names: ['build', 'ci/lint', 'e2e'] }
    ]
  ])('reads %j', (text, expected) => {
    expect(parseRequireChecks(text)).toEqual(expected)
  })

  it('refuses an empty value instead of requiring nothing', () => {
    expect(() => parseRequireChecks(' , ')).toThrow(ConfigurationError)
  })
})
