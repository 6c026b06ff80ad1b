import { describe, expect, it } from '@jest/globals'
import { parseKeyValueFile, parsePathFile } from '../../src/runner/index.js'

describe('parsing GITHUB_OUTPUT, GITHUB_STATE and GITHUB_ENV', () => {
  it('reads key=value lines, keeping = inside the value', () => {
    expect(parseKeyValueFile('a=1\n\nurl=x?y=z\n')).toEqual({
      values: { a: '1', url: 'x?y=z' }
    })
  })

  it('reads the heredoc form @actions/core 3 writes', () => {
    const delimiter = 'ghadelimiter_6a1c0e8e-3f1a-4f7e-9b2c-1d2e3f4a5b6c'
    const text = `notes<<${delimiter}\nline 1\n\nline 3\n${delimiter}\nnext=ok\n`
    expect(parseKeyValueFile(text)).toEqual({
      values: { notes: 'line 1\n\nline 3', next: 'ok' }
    })
  })

  it('decides by whichever of = and << comes first', () => {
    expect(parseKeyValueFile('a=b<<c\n').values).toEqual({ a: 'b<<c' })
    expect(parseKeyValueFile('a<<=\nv\n=\n').values).toEqual({ a: 'v' })
  })

  it('keeps an empty heredoc value and the last of repeated names', () => {
    expect(parseKeyValueFile('a<<E\nE\na=2\n').values).toEqual({ a: '2' })
    expect(parseKeyValueFile('a<<E\nE\n').values).toEqual({ a: '' })
  })

  it('ends a heredoc at the first delimiter line, so one inside is an error', () => {
    expect(parseKeyValueFile('v<<EOF\nfirst\nEOF\nsecond\nEOF\n')).toEqual({
      values: { v: 'first' },
      error: "Invalid format 'second'"
    })
  })

  it('reports the runner messages for malformed entries', () => {
    expect(parseKeyValueFile('v<<EOF\nno end\n').error).toBe(
      "Invalid value. Matching delimiter not found 'EOF'"
    )
    expect(parseKeyValueFile('=x\n').error).toBe(
      "Invalid format '=x'. Name must not be empty"
    )
    expect(parseKeyValueFile('v<<\n').error).toMatch(
      /delimiter must not be empty/
    )
    expect(parseKeyValueFile('just text\n').error).toBe(
      "Invalid format 'just text'"
    )
  })

  it('keeps a CR before LF, since the Linux runner splits on LF only', () => {
    expect(parseKeyValueFile('a=1\r\n').values).toEqual({ a: '1\r' })
  })
})

describe('parsing GITHUB_PATH', () => {
  it('reads one directory per non-empty line', () => {
    expect(parsePathFile('/a\n\n/b\r\n')).toEqual(['/a', '/b'])
  })
})
