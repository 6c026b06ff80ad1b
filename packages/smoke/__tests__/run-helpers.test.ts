import { describe, expect, it } from '@jest/globals'
import { backoffDelay, sleep } from '../src/run/backoff.js'
import { mapBounded } from '../src/run/bounded.js'
import { percentile } from '../src/run/percentile.js'

describe('backoffDelay', () => {
  const backoff = { initialMs: 500, maxMs: 4000 }
  it.each([
    [1, 0, 250],
    [1, 0.999, 499.75],
    [2, 0, 500],
    [3, 0.5, 1500],
    [4, 0, 2000],
    [5, 0, 2000],
    [9, 1, 4000]
  ])('after failure %i with random %d waits %d ms', (failures, random, ms) => {
    expect(backoffDelay(backoff, failures, () => random)).toBeCloseTo(ms)
  })
})

describe('sleep', () => {
  it('rejects with the signal’s reason as soon as it is aborted', async () => {
    const controller = new AbortController()
    const started = Date.now()
    const waiting = sleep(10_000, controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    // Far below the 10 s it was asked to sleep, however busy the machine.
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('percentile', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => 20 - i)
  it.each([
    [[], 0.5, undefined],
    [[7], 0.95, 7],
    [[3, 1, 2], 0.5, 2],
    [[4, 1, 3, 2], 0.5, 2],
    [twenty, 0.5, 10],
    [twenty, 0.95, 19],
    [twenty, 1, 20]
  ])('of %j at %d is %j', (samples, q, value) => {
    expect(percentile(samples, q)).toBe(value)
  })
})

describe('mapBounded', () => {
  it('runs at most `limit` at once and keeps the order of the items', async () => {
    let running = 0
    let most = 0
    const results = await mapBounded([30, 10, 20, 5, 15, 25], 3, async ms => {
      running += 1
      most = Math.max(most, running)
      await sleep(ms)
      running -= 1
      return ms * 2
    })
    expect(results).toEqual([60, 20, 40, 10, 30, 50])
    expect(most).toBe(3)
  })
})
