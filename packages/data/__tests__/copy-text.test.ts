import { describe, expect, it } from '@jest/globals'
import {
  CopyLineSplitter,
  decodeField,
  encodeField,
  encodeRows
} from '../src/db/copy-text.js'

describe('the COPY text format', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['\b\f\v', '\\b\\f\\v'],
    ['\\N as text', '\\\\N as text']
  ])('encodes %j as %j and reads it back', (value, field) => {
    expect(encodeField(value)).toBe(field)
    expect(decodeField(field)).toBe(value)
  })

  it('writes NULL as \\N and reads \\N as NULL', () => {
    expect(encodeField(null)).toBe('\\N')
    expect(decodeField('\\N')).toBeNull()
  })

  it('reads octal and hex escapes COPY FROM accepts', () => {
    expect(decodeField('\\101\\x42')).toBe('AB')
  })

  it('splits rows across chunk boundaries, wherever a chunk ends', () => {
    const text = encodeRows([
      ['1', 'a\tb', null],
      ['2', 'line\nbreak', 'é']
    ])
    for (let cut = 0; cut <= text.length; cut++) {
      const lines = new CopyLineSplitter()
      const rows = [
        ...lines.push(text.slice(0, cut)),
        ...lines.push(text.slice(cut)),
        ...lines.end()
      ]
      expect(rows).toEqual([
        ['1', 'a\tb', null],
        ['2', 'line\nbreak', 'é']
      ])
    }
  })
})
