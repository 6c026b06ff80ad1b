import type { BaselineInfo, CheckResult, SmokeConfig } from '../types.js'

const ms = (value: number): string => `${value.toFixed(1)} ms`

/**
 * Compares each passed, sampled check's p95 with the baseline's: slower by
 * more than the ratio (and by at least `minSlowdownMs`, below which loopback
 * noise dominates) fails the check with both numbers.
 */
export function compareWithBaseline(
  results: readonly CheckResult[],
  baseline: BaselineInfo,
  limits: SmokeConfig['baseline']
): CheckResult[] {
  return results.map(result => {
    const before = baseline.p95ByCheck[result.name]
    const now = result.p95Ms
    if (
      before === undefined ||
      now === undefined ||
      result.status !== 'passed' ||
      result.samplesMs.length < 2
    )
      return result
    const ratio = now / Math.max(before, 0.001)
    const regressed =
      ratio > limits.maxP95Ratio && now - before >= limits.minSlowdownMs
    const comparison = { p95Ms: before, ratio, regressed }
    if (!regressed) return { ...result, baseline: comparison }
    const from = baseline.sha ? ` (${baseline.sha.slice(0, 7)})` : ''
    return {
      ...result,
      status: 'failed',
      baseline: comparison,
      problems: [
        `p95 ${ms(now)} is ${ratio.toFixed(2)}× the baseline's ${ms(before)}${from}; the limit is ${limits.maxP95Ratio}× (smoke.baseline.max-p95-ratio)`
      ]
    }
  })
}
