import { Octokit } from '@octokit/rest'
import { ConfigurationError } from '@rehearse/core'
import { installRetries } from './request-retries.js'
import { createWritePacing } from './write-pacing.js'
import type { WritePacing } from './write-pacing.js'

/** Where octokit's and the request policy's messages go. */
export interface GitHubLogger {
  warning(message: string): void
  /** Retries of failed requests (default: debug). */
  info?(message: string): void
  /** Every request with its status and timing (octokit's request log). */
  debug?(message: string): void
}

/** How to reach GitHub. */
export interface CreateOctokitOptions {
  /** A token (usually `${{ github.token }}`). */
  readonly token: string
  /** REST API root; default `GITHUB_API_URL`, then https://api.github.com. */
  readonly baseUrl?: string
  /** Prepended to octokit's own user agent; default `rehearse`. */
  readonly userAgent?: string
  /** Default: octokit's (warnings to the console). */
  readonly logger?: GitHubLogger
  /** Where `GITHUB_API_URL` is read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** How writes are paced (tests of the pacing itself); default the shipped one. */
  readonly pacing?: WritePacing
  /**
   * The run's cancellation: once aborted, requests in flight are aborted,
   * retry and pacing waits end, and every call fails with reason
   * `cancelled` — the post step finalizes what the run left open.
   */
  readonly signal?: AbortSignal
}

/** The octokit class Rehearse uses (its request policy is a hook). */
export const GitHubOctokit = Octokit
/** An instance of {@link GitHubOctokit}. */
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>

// One attempt's deadline: GitHub itself gives up on requests after 10 s.
const REQUEST_TIMEOUT_MS = 30_000

const signals = new WeakMap<object, AbortSignal>()

/** The cancellation the octokit was made with, for waits of its callers. */
export function signalOf(octokit: object): AbortSignal | undefined {
  return signals.get(octokit)
}

// octokit logs each request at info (answered) or error (failed, even
// when a retry or the caller handles it): that is debug detail here. Its
// warnings (deprecations) stay warnings.
function octokitLog(logger: GitHubLogger) {
  const debug = (message: string) => logger.debug?.(message)
  return {
    debug,
    info: debug,
    warn: (message: string) => logger.warning(message),
    error: debug
  }
}

/**
 * An authenticated octokit with Rehearse's request policy (see
 * request-retries.ts): rate limits waited out as GitHub asks, 5xx and
 * network failures retried only where repeating is safe, writes one at a
 * time and paced (write-pacing.ts), and everything stopped by `signal`.
 */
export function createOctokit(options: CreateOctokitOptions): GitHubOctokit {
  const env = options.env ?? process.env
  if (!options.token.trim()) {
    throw new ConfigurationError(
      'No GitHub token: pass the `token` input (the default is ${{ github.token }}).',
      { reason: 'missing_token' }
    )
  }
  const octokit = new GitHubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl || env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: options.userAgent ?? 'rehearse',
    ...(options.logger ? { log: octokitLog(options.logger) } : {})
  })
  const logger = options.logger
  installRetries(octokit, {
    signal: options.signal,
    timeoutMs: REQUEST_TIMEOUT_MS,
    pacing: createWritePacing(options.pacing),
    warn: message => octokit.log.warn(message),
    info: message =>
      logger?.info ? logger.info(message) : octokit.log.debug(message)
  })
  if (options.signal) signals.set(octokit, options.signal)
  return octokit
}
