import type { Reporter } from '@rehearse/engine'
import type { HttpClient } from '../http/http-client.js'
import type { Redactor } from '../redact.js'
import type { Backoff } from './backoff.js'

/** What every check of a run shares. */
export interface CheckContext {
  readonly client: HttpClient
  /** The environment's URL; checks append their path to it. */
  readonly base: URL
  readonly env: Readonly<Record<string, string | undefined>>
  readonly redactor: Redactor
  readonly reporter: Reporter
  /** Between attempts of checks with `retries`. */
  readonly backoff: Backoff
  /** 0 ≤ x < 1; injected so tests can pin the jitter. */
  readonly random: () => number
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal | undefined
}
