import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import { ConfigurationError } from '@rehearse/core'
import { createWritePacing } from './write-pacing.js'
import type { WritePacing } from './write-pacing.js'

/** Where octokit's and the rate-limit handlers' messages go. */
export interface GitHubLogger {
  warning(message: string): void
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
}

/** Octokit with retries (5xx, network) and rate-limit throttling. */
export const GitHubOctokit = Octokit.plugin(retry, throttling)
/** An instance of {@link GitHubOctokit}. */
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>

const RATE_LIMIT_RETRIES = 2
// Longer waits belong to an exhausted hourly quota: failing now with the
// reason beats holding a runner for up to an hour.
const RATE_LIMIT_MAX_WAIT_SECONDS = 60
// plugin-retry's defaults plus 429: rate limits are the throttling plugin's
// job (it honours retry-after; plugin-retry would not).
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

type LimitHandler = (
  retryAfter: number,
  options: { method?: string; url?: string },
  octokit: { log: { warn(message: string): unknown } },
  retryCount: number
) => boolean

function onLimit(kind: 'primary' | 'secondary'): LimitHandler {
  return (retryAfter, options, octokit, retryCount) => {
    const what = `${options.method ?? ''} ${options.url ?? ''}`.trim()
    const retrying =
      retryCount < RATE_LIMIT_RETRIES &&
      retryAfter <= RATE_LIMIT_MAX_WAIT_SECONDS
    octokit.log.warn(
      retrying
        ? `GitHub ${kind} rate limit on ${what}: retrying in ${retryAfter} s (retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES}).`
        : `GitHub ${kind} rate limit on ${what}: giving up (GitHub asks to wait ${retryAfter} s; ${retryCount} retries done).`
    )
    return retrying
  }
}

// octokit logs each request at info (answered) or error (failed, even
// when a retry or the caller handles it): that is debug detail here. Its
// warnings (deprecations, our rate-limit messages) stay warnings.
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
 * An authenticated octokit that retries 5xx and network failures
 * (plugin-retry), waits out rate limits up to twice when GitHub asks for
 * at most 60 s (plugin-throttling), and serializes writes, spacing them
 * only once a run makes many (write-pacing.ts).
 */
export function createOctokit(options: CreateOctokitOptions): GitHubOctokit {
  const env = options.env ?? process.env
  if (!options.token.trim()) {
    throw new ConfigurationError(
      'No GitHub token: pass the `token` input (the default is ${{ github.token }}).',
      { reason: 'missing_token' }
    )
  }
  const pacing = createWritePacing(options.pacing)
  const octokit = new GitHubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl || env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: options.userAgent ?? 'rehearse',
    ...(options.logger ? { log: octokitLog(options.logger) } : {}),
    retry: { doNotRetry: DO_NOT_RETRY },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...pacing.groups
    }
  })
  octokit.hook.before('request', pacing.before)
  return octokit
}
