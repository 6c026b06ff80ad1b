/** `850 ms`, `1.2 s`, `2 min 5 s`: how long something took, for a person. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  // Round once, so 59.96 s reads "1 min", never "60.0 s" or "0 min 60 s".
  const tenths = Math.round(ms / 100)
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`
  const total = Math.round(ms / 1000)
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`
}

/** A step's limit as the plan wrote it: `10 min`, or `0.6 s` below a minute. */
export function formatLimit(minutes: number): string {
  return minutes >= 1 && Number.isInteger(minutes)
    ? `${minutes} min`
    : formatDuration(minutes * 60_000)
}
