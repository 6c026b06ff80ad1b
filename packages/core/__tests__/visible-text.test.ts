import { describe, expect, it } from '@jest/globals'
import { showInvisible } from '../src/visible-text.js'

describe('showInvisible', () => {
  it.each([
    [
      'a right-to-left override (Trojan Source)',
      'QA \u202Egnissecorp\u202C done',
      'QA [U+202E]gnissecorp[U+202C] done'
    ],
    [
      'isolates and marks',
      '\u2066a\u2069\u2067b\u2068c\u200E\u200F\u061C',
      '[U+2066]a[U+2069][U+2067]b[U+2068]c[U+200E][U+200F][U+061C]'
    ],
    [
      'zero-width characters in a branch name',
      'feature/lo\u200Bg\u200Cin\u2060\uFEFF',
      'feature/lo[U+200B]g[U+200C]in[U+2060][U+FEFF]'
    ],
    [
      'a soft hyphen and a Hangul filler',
      'de\u00ADploy \u3164',
      'de[U+00AD]ploy [U+3164]'
    ],
    [
      'ASCII smuggled in tag characters',
      'ok\u{E0069}\u{E0067}',
      'ok[U+E0069][U+E0067]'
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a[U+2028]b[U+2029]c'],
    [
      'a zero-width joiner that joins no emoji',
      'admin\u200Dbot',
      'admin[U+200D]bot'
    ]
  ])('shows %s as code points', (_what, text, expected) => {
    expect(showInvisible(text)).toBe(expected)
  })

  it.each([
    ['plain text', 'feature/login-42'],
    ['accents and other scripts', 'café – 東京 – مرحبا'],
    ['an emoji with its variation selector', 'ship it ❤️'],
    ['emoji built with zero-width joiners', '👩‍💻 and 👨🏽‍🚀 and 🏳️‍🌈']
  ])('keeps %s as it is', (_what, text) => {
    expect(showInvisible(text)).toBe(text)
  })
})
