import { describe, expect, it } from '@jest/globals'
import { formatDuration, formatLimit } from '../../src/run/format-duration.js'
import { createLineBuffer } from '../../src/run/line-buffer.js'

function lines(chunks: string[]): string[] {
  const out: string[] = []
  const buffer = createLineBuffer(line => out.push(line))
  for (const chunk of chunks) buffer.push(chunk)
  buffer.flush()
  return out
}

describe('createLineBuffer', () => {
  it('joins a line written in pieces and splits a chunk of several lines', () => {
    expect(lines(['hel', 'lo\nwor', 'ld\nlast\n'])).toEqual([
      'hello',
      'world',
      'last'
    ])
  })

  it('keeps empty lines, drops the \\r of \\r\\n, flushes the tail once', () => {
    expect(lines(['a\r\n\r', '\nb', '', 'c'])).toEqual(['a', '', 'bc'])
  })

  it('emits a line without end in pieces instead of growing forever', () => {
    const out = lines(['x'.repeat(70_000)])
    expect(out.map(line => line.length)).toEqual([65_536, 70_000 - 65_536])
  })
})

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [1234, '1.2 s'],
    [59_960, '1 min'],
    [125_000, '2 min 5 s'],
    [600_000, '10 min']
  ])('formats %j ms as %j', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected)
  })

  it.each([
    [10, '10 min'],
    [1.5, '1 min 30 s'],
    [0.01, '600 ms']
  ])('formats a limit of %j minutes as %j', (minutes, expected) => {
    expect(formatLimit(minutes)).toBe(expected)
  })
})
