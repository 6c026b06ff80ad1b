import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { DigestFilter } from '../src/verify/bloom-filter.js'

const digest = (text: string) => createHash('sha256').update(text).digest()

describe('the filter of masked source values', () => {
  it('knows every value added and almost no other', () => {
    const filter = new DigestFilter(20_000)
    for (let i = 0; i < 20_000; i++) filter.add(digest(`in-${i}`))
    for (let i = 0; i < 20_000; i += 97)
      expect(filter.has(digest(`in-${i}`))).toBe(true)
    let false_ = 0
    for (let i = 0; i < 20_000; i++)
      if (filter.has(digest(`out-${i}`))) false_++
    expect(false_).toBeLessThan(10)
  })
})
