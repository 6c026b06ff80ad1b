import { describe, expect, it } from '@jest/globals'
import { Redactor } from '../src/redact.js'

describe('Redactor', () => {
  it('registers each secret with the masker and removes it from texts', () => {
    const masked: string[] = []
    const redactor = new Redactor(value => masked.push(value))
    redactor.add('p@ss word')
    redactor.add('line one\nline two')
    redactor.add('')
    expect(masked).toEqual([
      'p@ss word',
      'p%40ss%20word',
      'line%20one%0Aline%20two',
      'line one\\nline two',
      'line one',
      'line two'
    ])
    expect(
      redactor.redact(
        'login p@ss word as p%40ss%20word; got "line one\\nline two"'
      )
    ).toBe('login *** as ***; got "***"')
  })

  it('replaces a secret that contains another one whole', () => {
    const redactor = new Redactor(() => undefined)
    redactor.add('abc')
    redactor.add('xxabcxx')
    expect(redactor.redact('xxabcxx and abc')).toBe('*** and ***')
  })
})
