import { describe, expect, it } from '@jest/globals'
import { renderVariantGrid } from '../src/report/render-variants.js'
import type { ReportCheck } from '../src/report/report-data.js'

const run = (
  check: string,
  flags: Record<string, string>,
  changes: Partial<ReportCheck> = {}
): ReportCheck => {
  const label = Object.entries(flags)
    .map(([flag, variant]) => `${flag}=${variant}`)
    .join(', ')
  return {
    name: `${check} [${label}]`,
    variant: { check, label, flags },
    method: 'GET',
    path: '/',
    flow: null,
    status: 'passed',
    flaky: false,
    attempts: 1,
    statusCode: 200,
    samples: 1,
    p50Ms: 12.34,
    p95Ms: 12.34,
    latenciesMs: [12.34],
    budgetMs: null,
    baselineP95Ms: null,
    ratio: null,
    problems: [],
    ...changes
  }
}

const plain = (name: string): ReportCheck => ({
  ...run(name, {}),
  name,
  variant: null
})

describe('renderVariantGrid', () => {
  it('is absent when no check has variants', () => {
    expect(renderVariantGrid([plain('health')])).toBeUndefined()
  })

  it('shows a row per check and a column per variant, with result and latency', () => {
    const grid = renderVariantGrid([
      plain('health'),
      run('checkout', { 'new-checkout': 'on' }, { status: 'failed' }),
      run('checkout', { 'new-checkout': 'off' }, { flaky: true }),
      run('cart', { 'new-checkout': 'on' }, { samples: 20, p95Ms: 40 }),
      run('cart', { 'new-checkout': 'off' }, { status: 'skipped', p95Ms: null })
    ])
    expect(grid).toBe(
      [
        '| check | new-checkout=on | new-checkout=off |',
        '| --- | --- | --- |',
        '| checkout | ❌ 12.3 ms | ⚠️ 12.3 ms |',
        '| cart | ✅ p95 40.0 ms | ⏭️ |'
      ].join('\n')
    )
  })

  it('gives checks that vary other flags a grid of their own, and escapes names', () => {
    const grid = renderVariantGrid([
      run('checkout', { a: 'on' }),
      run('checkout', { a: 'off' }),
      run('a | b', { a: 'on', t_x: 'dark' }),
      run('a | b', { a: 'off', t_x: 'dark' })
    ])
    expect(grid?.split('\n\n')).toEqual([
      '| check | a=on | a=off |\n| --- | --- | --- |\n| checkout | ✅ 12.3 ms | ✅ 12.3 ms |',
      '| check | a=on, t&#95;x=dark | a=off, t&#95;x=dark |\n| --- | --- | --- |\n| a &#124; b | ✅ 12.3 ms | ✅ 12.3 ms |'
    ])
  })
})
