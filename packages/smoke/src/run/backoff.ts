/** Exponential backoff: how long to wait before the next attempt. */
export interface Backoff {
  readonly initialMs: number
  readonly maxMs: number
}

/**
 * The wait after the `failures`-th failed attempt: the exponential step
 * (initial × 2^(failures−1), capped), half of it fixed and half random, so
 * that many runners retrying at once spread out instead of stampeding.
 */
export function backoffDelay(
  backoff: Backoff,
  failures: number,
  random: () => number
): number {
  const step = Math.min(
    backoff.maxMs,
    backoff.initialMs * 2 ** Math.max(0, failures - 1)
  )
  return step / 2 + random() * (step / 2)
}

/** Waits, or rejects with the signal's reason when it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error)
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason as Error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
