import { describe, expect, it } from '@jest/globals'
import { code, fitComment, inert } from '../src/inert.js'

describe('inert', () => {
  it.each([
    [
      'HTML',
      '<img src=x onerror=alert(1)>',
      '&lt;img src\\=x onerror\\=alert\\(1\\)&gt;'
    ],
    ['a mention', '@octocat', '&#64;octocat'],
    ['a hidden marker', '<!-- x -->', '&lt;\\!\\-\\- x \\-\\-&gt;'],
    ['a link', '[a](javascript:x)', '\\[a\\]\\(javascript&#58;x\\)'],
    ['a table cell break', 'a | b', 'a &#124; b'],
    ['backticks', '`code`', '\\`code\\`'],
    ['line breaks and control characters', 'a\nb\r\u0007c', 'a b  c'],
    ['plain words', 'feature/login', 'feature/login']
  ])('makes %s plain text', (_what, text, expected) => {
    expect(inert(text)).toBe(expected)
  })

  it('cuts long text between code points, with an ellipsis', () => {
    const cut = inert('😀'.repeat(300), 10)
    expect([...cut]).toHaveLength(10)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut).not.toMatch(/\uD83D$/)
  })
})

describe('code', () => {
  it('keeps a code span closed whatever the text', () => {
    expect(code('.deploy`\n`x')).toBe('`.deployʼ ʼx`')
  })
})

describe('fitComment', () => {
  it('keeps a reply within GitHub’s 65,536 characters', () => {
    const fitted = fitComment('x'.repeat(70_000))
    expect(fitted.length).toBeLessThanOrEqual(65_536)
    expect(fitted.endsWith('… (truncated)')).toBe(true)
    expect(fitComment('short')).toBe('short')
  })
})
