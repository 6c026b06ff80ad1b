import { ConfigurationError, isConfigurationError } from '@rehearse/core'
import { httpFailure } from './http-failure.js'

/** The endpoint options octokit's `request` hook sees (before parsing). */
export interface HookOptions {
  readonly method: string
  /** The route template (`/repos/{owner}/{repo}/…`) or a full URL. */
  readonly url: string
  readonly request?: {
    /** Transient-failure retries this request allows (0: the caller verifies). */
    readonly retries?: number
    readonly signal?: AbortSignal
  }
  readonly [parameter: string]: unknown
}

// POSTs that add something new each time they land: repeating one after a
// lost answer would add a second deployment, comment, issue or pull
// request. Their callers look before they try again instead.
const NOT_IDEMPOTENT = [
  /\/deployments$/,
  /\/issues$/,
  /\/issues\/[^/]+\/comments$/,
  /\/pulls$/,
  /\/releases$/
]

/**
 * Whether repeating the request after a lost answer is harmless: reads,
 * PUT/PATCH/DELETE, and the POSTs whose repeat adds nothing new (a commit
 * status or deployment status equal to the latest, a git object, a
 * reaction, a ref that then "already exists").
 */
export function isIdempotent(options: HookOptions): boolean {
  if (options.method.toUpperCase() !== 'POST') return true
  const path = options.url.split('?')[0] ?? ''
  return !NOT_IDEMPOTENT.some(pattern => pattern.test(path))
}

/** A write: serialized and paced. */
export function isWrite(options: HookOptions): boolean {
  const method = options.method.toUpperCase()
  return method !== 'GET' && method !== 'HEAD'
}

/** A wait GitHub asked for: how long, and which limit. */
export interface LimitWait {
  readonly kind: 'primary' | 'secondary'
  readonly seconds: number
}

// GitHub's guidance for a secondary limit without retry-after.
const SECONDARY_FALLBACK_SECONDS = 60

/**
 * The wait a rate-limit answer asks for, or undefined for anything else.
 * Such an answer means GitHub did not apply the request, so even a write
 * that is not idempotent may be sent again after it.
 */
export function limitWait(
  error: unknown,
  now = Date.now()
): LimitWait | undefined {
  const failure = httpFailure(error)
  if (!failure || (failure.status !== 403 && failure.status !== 429))
    return undefined
  const { headers, message } = failure
  const retryAfter = Number(headers['retry-after'])
  if (/secondary rate/i.test(message) || failure.status === 429) {
    return {
      kind: 'secondary',
      seconds:
        Number.isFinite(retryAfter) && retryAfter >= 0
          ? retryAfter
          : SECONDARY_FALLBACK_SECONDS
    }
  }
  if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)) {
    const reset = Number(headers['x-ratelimit-reset']) * 1000
    const seconds = Number.isFinite(reset)
      ? Math.max(Math.ceil((reset - now) / 1000) + 1, 0)
      : 3600
    return { kind: 'primary', seconds }
  }
  return undefined
}

/**
 * 5xx answers (an HTML error page included), dropped connections and
 * answers that never came: GitHub may have applied the request or not.
 */
export function isServerOrNetwork(error: unknown): boolean {
  if (isCancellation(error)) return false
  if (isConfigurationError(error)) return false
  const failure = httpFailure(error)
  if (failure) return failure.status >= 500
  // A connection dropped while the answer's body was read has no status:
  // fetch's TypeError ("terminated", "fetch failed") or a socket error.
  if (!(error instanceof Error)) return false
  const cause = (error as { cause?: { code?: unknown } }).cause
  return (
    error.name === 'TypeError' ||
    error.name === 'AbortError' ||
    (typeof cause?.code === 'string' &&
      /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(
        cause.code
      )) ||
    /terminated|socket|other side closed|ECONN|EPIPE/i.test(error.message)
  )
}

const GAVE_UP = Symbol.for('rehearse.github.gave-up')

/** What a request went through before it failed for good. */
export interface GaveUp {
  /** `POST /repos/acme/widgets/deployments`. */
  readonly request: string
  readonly attempts: number
  /** Seconds from the first attempt to the last failure. */
  readonly seconds: number
  /** A rate-limit wait that was not waited (too long, or retries used). */
  readonly limit?: LimitWait
}

/** Marks a failure as final: the retries it was allowed are spent. */
export function markGaveUp(error: unknown, info: GaveUp): void {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error))
    Object.defineProperty(error, GAVE_UP, { value: info, enumerable: false })
}

/** The retry history of a failed request, when it went through ours. */
export function gaveUpOf(error: unknown): GaveUp | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  return (error as { [GAVE_UP]?: GaveUp })[GAVE_UP]
}

/** The error GitHub work ends with once the job is cancelled. */
export function cancelledError(request: string): ConfigurationError {
  return new ConfigurationError(
    `the job was cancelled: GitHub calls stopped (${request} was not sent or not waited for)`,
    { reason: 'cancelled' }
  )
}

/** Whether the error is the end of GitHub work because of cancellation. */
export function isCancellation(error: unknown): boolean {
  return isConfigurationError(error) && error.reason === 'cancelled'
}
