import { describe, expect, it } from '@jest/globals'
import { findSecrets, secretForms } from '../src/secret-forms.js'

const SECRET = 's3cr3t-Value_42'

describe('secret forms', () => {
  it.each([
    ['plain', `token=${SECRET}`],
    ['URL-encoded', `u=${encodeURIComponent('p@ss:' + SECRET + '/x')}`],
    ['JSON-escaped', JSON.stringify({ v: `a"${SECRET}` })],
    ...[0, 1, 2].map(pad => [
      `base64 at offset ${pad}`,
      Buffer.from(`${'u'.repeat(pad)}user:${SECRET}:tail`).toString('base64')
    ])
  ])('finds the secret %s', (_form, text) => {
    expect(findSecrets({ text }, [SECRET])).toEqual([
      expect.stringMatching(/^text holds a secret/)
    ])
  })

  it('finds nothing in text without it, and ignores blank or tiny values', () => {
    expect(
      findSecrets({ text: 'all clear, s3cr3t-Value_4' }, [SECRET])
    ).toEqual([])
    expect(findSecrets({ text: 'abc' }, ['abc', '  '])).toEqual([])
    expect(secretForms(SECRET)).toContain(SECRET)
  })
})
