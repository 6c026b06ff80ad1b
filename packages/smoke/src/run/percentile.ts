/**
 * The q-quantile (0..1) of the samples by the nearest-rank method: a value
 * that was actually measured, so p95 of 20 samples is the 19th fastest.
 */
export function percentile(
  samples: readonly number[],
  q: number
): number | undefined {
  if (samples.length === 0) return undefined
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(q * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]
}
