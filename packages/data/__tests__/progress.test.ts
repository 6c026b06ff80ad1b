import { describe, expect, it } from '@jest/globals'
import { CopyProgress } from '../src/report/progress.js'

describe('progress of a long copy', () => {
  it('prints rows and tables done, the rate and the time left, at most every two seconds', () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    const lines: string[] = []
    const progress = new CopyProgress(
      { now: () => new Date(now) },
      line => lines.push(line),
      1_000_000,
      3
    )
    now += 1000
    progress.add('users', 100_000)
    expect(lines).toEqual([])
    now += 1500
    progress.add('users', 150_000)
    expect(lines).toEqual([
      'copying users: 250,000 of ~1,000,000 rows (25 %), 0/3 tables, 100,000 rows/s, about 8 s left'
    ])
    progress.done('users', 250_000)
    expect(lines.at(-1)).toBe('users: 250,000 rows (1/3 tables)')
    now += 2500
    progress.add('orders', 250_000)
    expect(lines.at(-1)).toBe(
      'copying orders: 500,000 of ~1,000,000 rows (50 %), 1/3 tables, 100,000 rows/s, about 5 s left'
    )
  })
})
