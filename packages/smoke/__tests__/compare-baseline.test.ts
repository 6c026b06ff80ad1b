import { describe, expect, it } from '@jest/globals'
import { compareWithBaseline } from '../src/baseline/compare-baseline.js'
import type { BaselineInfo, CheckResult } from '../src/types.js'

const check = (changes: Partial<CheckResult>): CheckResult => ({
  name: 'search',
  variant: undefined,
  method: 'GET',
  path: '/search',
  flow: undefined,
  status: 'passed',
  flaky: false,
  attempts: 1,
  statusCode: 200,
  samplesMs: [10, 10, 10],
  p50Ms: 10,
  p95Ms: 10,
  budgetMs: undefined,
  baseline: undefined,
  problems: [],
  durationMs: 30,
  ...changes
})

const baseline: BaselineInfo = {
  source: 'previous',
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  file: undefined,
  note: 'previous',
  p95ByCheck: { search: 40 }
}
const limits = { maxP95Ratio: 1.5, minSlowdownMs: 5 }

describe('compareWithBaseline', () => {
  it.each<[string, Partial<CheckResult>, string, boolean | undefined]>([
    ['twice as slow', { p95Ms: 80 }, 'failed', true],
    ['just over the ratio', { p95Ms: 60.1 }, 'failed', true],
    ['at the ratio', { p95Ms: 60 }, 'passed', false],
    ['faster', { p95Ms: 20 }, 'passed', false],
    [
      'over the ratio by less than the minimum slowdown',
      { name: 'tiny', p95Ms: 4 },
      'passed',
      false
    ],
    ['measured once', { p95Ms: 200, samplesMs: [200] }, 'passed', undefined],
    ['already failed', { p95Ms: 200, status: 'failed' }, 'failed', undefined],
    [
      'unknown to the baseline',
      { name: 'new', p95Ms: 200 },
      'passed',
      undefined
    ]
  ])('%s', (_case, changes, status, regressed) => {
    const [result] = compareWithBaseline(
      [check(changes)],
      { ...baseline, p95ByCheck: { search: 40, tiny: 2 } },
      limits
    )
    expect(result?.status).toBe(status)
    expect(result?.baseline?.regressed).toBe(regressed)
  })

  it('shows both numbers, the ratio, the release and the limit', () => {
    const [result] = compareWithBaseline(
      [check({ p95Ms: 82.04 })],
      baseline,
      limits
    )
    expect(result?.problems).toEqual([
      "p95 82.0 ms is 2.05× the baseline's 40.0 ms (abcdef0); the limit is 1.5× (smoke.baseline.max-p95-ratio)"
    ])
  })
})
