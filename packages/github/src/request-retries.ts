import { setTimeout as delay } from 'node:timers/promises'
import type { Octokit } from '@octokit/rest'
import { describeAnswer } from './github-errors.js'
import {
  cancelledError,
  isIdempotent,
  isServerOrNetwork,
  isWrite,
  limitWait,
  markGaveUp
} from './request-policy.js'
import type { HookOptions, LimitWait } from './request-policy.js'
import type { createWritePacing } from './write-pacing.js'

/** What the request hook needs from the octokit's owner. */
export interface RetrySettings {
  /** The run's cancellation: aborts requests in flight and every wait. */
  readonly signal: AbortSignal | undefined
  /** One attempt's deadline; a request without an answer by then failed. */
  readonly timeoutMs: number
  readonly pacing: ReturnType<typeof createWritePacing>
  readonly info: (message: string) => void
  readonly warn: (message: string) => void
}

// 5xx and dropped connections: three more tries, 1, 2 and 4 s apart
// (± a quarter, so runs that failed together do not retry together).
const BACKOFF_MS = [1000, 2000, 4000]
// Rate limits: GitHub names the wait; waited at most twice, never over a
// minute (a longer one is an exhausted quota: the job says so instead).
const LIMIT_RETRIES = 2
const LIMIT_MAX_WAIT_SECONDS = 60
// GitHub allows 100 concurrent requests; a run stays far below.
const READS_AT_ONCE = 10

type Send = (options: HookOptions) => Promise<unknown>

/**
 * Installs Rehearse's one request policy on the octokit: writes one at a
 * time and paced, reads at most ten at once; rate limits waited out as
 * GitHub asks; 5xx, dropped connections and answers that never come
 * retried — but only for requests that are safe to repeat (see
 * isIdempotent): the others fail at once and their callers look before
 * they try again. Every request and every wait stops when the run's
 * signal aborts.
 */
export function installRetries(octokit: Octokit, settings: RetrySettings) {
  const writes = serial()
  const reads = limited(READS_AT_ONCE)
  const describe = describer(octokit)
  octokit.hook.wrap('request', ((send: Send, options: HookOptions) => {
    const request = describe(options)
    const attempt = () => withRetries(send, options, settings, request)
    if (!isWrite(options)) return reads(attempt)
    return writes(async () => {
      await settings.pacing
        .before(options, settings.signal)
        .catch(() => Promise.reject(cancelledError(request)))
      return attempt()
    })
  }) as never)
}

async function withRetries(
  send: Send,
  options: HookOptions,
  settings: RetrySettings,
  request: string
): Promise<unknown> {
  const { signal } = settings
  const started = Date.now()
  const allowed =
    options.request?.retries ?? (isIdempotent(options) ? BACKOFF_MS.length : 0)
  let transient = 0
  let limits = 0
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw cancelledError(request)
    try {
      return await send(withDeadline(options, settings))
    } catch (error) {
      if (signal?.aborted) throw cancelledError(request)
      const seconds = Math.round((Date.now() - started) / 1000)
      const limit = limitWait(error)
      if (limit) {
        if (!waitable(limit, limits, request, settings)) {
          markGaveUp(error, { request, attempts: attempt, seconds, limit })
          throw error
        }
        limits += 1
        await pause(limit.seconds * 1000, signal, request)
        continue
      }
      if (!isServerOrNetwork(error) || transient >= allowed) {
        if (isServerOrNetwork(error))
          markGaveUp(error, { request, attempts: attempt, seconds })
        throw error
      }
      const waitMs = jitter(BACKOFF_MS[transient] ?? 4000)
      transient += 1
      settings.info(
        `GitHub answered ${request} with ${describeAnswer(error)}: retrying in ${(waitMs / 1000).toFixed(1)} s (retry ${transient} of ${allowed}).`
      )
      await pause(waitMs, signal, request)
    }
  }
}

function waitable(
  limit: LimitWait,
  done: number,
  request: string,
  settings: RetrySettings
): boolean {
  const retrying =
    done < LIMIT_RETRIES && limit.seconds <= LIMIT_MAX_WAIT_SECONDS
  settings.warn(
    retrying
      ? `GitHub ${limit.kind} rate limit on ${request}: retrying in ${limit.seconds} s (retry ${done + 1} of ${LIMIT_RETRIES}).`
      : `GitHub ${limit.kind} rate limit on ${request}: giving up (GitHub asks to wait ${limit.seconds} s; ${done} retries done).`
  )
  return retrying
}

// The run's signal and this attempt's deadline, beside any the caller set.
function withDeadline(
  options: HookOptions,
  settings: RetrySettings
): HookOptions {
  const signals = [
    AbortSignal.timeout(settings.timeoutMs),
    settings.signal,
    options.request?.signal
  ].filter((s): s is AbortSignal => s !== undefined)
  return {
    ...options,
    request: { ...options.request, signal: AbortSignal.any(signals) }
  }
}

async function pause(
  ms: number,
  signal: AbortSignal | undefined,
  request: string
): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : {})
  } catch {
    throw cancelledError(request)
  }
}

function jitter(ms: number): number {
  return Math.round(ms * (0.75 + Math.random() / 2))
}

// `POST /repos/acme/widgets/deployments`, for messages.
function describer(octokit: Octokit) {
  return (options: HookOptions): string => {
    try {
      const parsed = octokit.request.endpoint.parse(options as never)
      return `${parsed.method} ${new URL(parsed.url).pathname}`
    } catch {
      return `${options.method} ${options.url}`
    }
  }
}

/** Runs tasks one after another, in the order given. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }
}

/** Runs at most `max` tasks at once; a finished one hands its slot on. */
function limited(max: number) {
  let active = 0
  const waiting: Array<() => void> = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>(turn => waiting.push(turn))
    else active += 1
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active -= 1
    }
  }
}
