import { setTimeout as delay } from 'node:timers/promises'

/** How writes are paced; the defaults are what every run uses. */
export interface WritePacing {
  /** Writes a run makes before any spacing starts (a deploy makes ~10). */
  readonly freeWrites: number
  /** Spacing between writes after that (GitHub asks ≥ 1 s for many writes). */
  readonly spacingMs: number
  /** Spacing for writes that notify people (comments, issues): ≥ 3 s. */
  readonly notificationSpacingMs: number
}

export const DEFAULT_PACING: WritePacing = {
  freeWrites: 20,
  spacingMs: 1000,
  notificationSpacingMs: 3000
}

// Route templates (`/issues/{issue_number}/comments`) or expanded paths.
const NOTIFYING = /\/(issues|pulls)(\/[^/]+)?(\/comments)?$/

interface RequestOptions {
  readonly method?: string
  readonly url?: string
}

/**
 * A run's first `freeWrites` writes go at once, later ones are spaced as
 * GitHub's guidance for many mutating requests asks. A deploy's handful
 * of writes so waits for nothing, and a run that does make many writes
 * cannot trip the secondary rate limit by speed alone. (The request hook
 * keeps writes one at a time.) A wait ends early, rejecting, when
 * `signal` aborts.
 */
export function createWritePacing(pacing: WritePacing = DEFAULT_PACING) {
  let writes = 0
  return {
    before: async (
      options: RequestOptions,
      signal?: AbortSignal
    ): Promise<void> => {
      const method = (options.method ?? 'GET').toUpperCase()
      if (method === 'GET' || method === 'HEAD') return
      writes += 1
      if (writes <= pacing.freeWrites) return
      const path = (options.url ?? '').split('?')[0] ?? ''
      const wait =
        method === 'POST' && NOTIFYING.test(path)
          ? pacing.notificationSpacingMs
          : pacing.spacingMs
      await delay(wait, undefined, signal ? { signal } : {})
    }
  }
}
