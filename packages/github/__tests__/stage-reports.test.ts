import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import {
  expectNoViolations,
  ledgerOf,
  startBench,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench

beforeAll(async () => {
  bench = await startBench()
})
afterAll(() => stopBench(bench))
afterEach(() => expectNoViolations(bench.gh))

describe('stage reports', () => {
  it('keeps a report as a neutral check run and reads back the newest', async () => {
    const ledger = ledgerOf(bench)
    const report = (p95: number) => ({
      title: `smoke: p95 ${p95} ms`,
      summary: '| check | p95 |\n| --- | --- |',
      data: { checks: { health: { p95 } } }
    })
    await ledger.saveReport(bench.initial, 'staging', 'smoke', report(40))
    await ledger.saveReport(bench.initial, 'staging', 'smoke', report(55))

    expect(await ledger.readReport(bench.initial, 'staging', 'smoke')).toEqual(
      report(55)
    )
    const runs = bench.gh.state.checkRuns.filter(
      r => r.headSha === bench.initial
    )
    expect(runs.map(r => [r.name, r.status, r.conclusion])).toEqual([
      ['rehearse/staging/smoke report', 'completed', 'neutral'],
      ['rehearse/staging/smoke report', 'completed', 'neutral']
    ])
  })

  it('answers undefined when the stage kept no report for the SHA', async () => {
    const ledger = ledgerOf(bench)
    expect(
      await ledger.readReport(bench.initial, 'production', 'migrations')
    ).toBeUndefined()
  })
})
