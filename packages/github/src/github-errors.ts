import { ConfigurationError, isConfigurationError } from '@rehearse/core'
import { httpFailure } from './http-failure.js'
import type { HttpFailure } from './http-failure.js'
import {
  gaveUpOf,
  isCancellation,
  isServerOrNetwork,
  limitWait
} from './request-policy.js'
import type { LimitWait } from './request-policy.js'

export { httpFailure }
export type { HttpFailure }

/** What a GitHub call was doing, so a failure can say what to fix. */
export interface GitHubCall {
  /** What was being done, e.g. "creating the staging deployment". */
  readonly action: string
  /** The `permissions:` entry the call needs, e.g. "deployments: write". */
  readonly permission: string
  /** Message for a 404, when a 404 means something other than "no repository". */
  readonly notFound?: string
}

/**
 * 5xx answers and network failures (octokit reports those as 500, or
 * without a status when the answer broke off): GitHub may have applied a
 * write or not, so it is worth looking, then trying again.
 */
export function isTransient(error: unknown): boolean {
  // callGitHub words such a failure as github_unavailable; it stays one.
  if (isConfigurationError(error) && error.reason === 'github_unavailable')
    return true
  return isServerOrNetwork(error)
}

function firstSentence(message: string): string {
  // octokit appends " - <documentation_url>"; the docs link adds nothing here.
  return message.replace(/ - https?:\/\/\S+$/, '')
}

/** What GitHub answered, as a few words on one line. */
export function describeAnswer(error: unknown): string {
  const failure = httpFailure(error)
  const message = error instanceof Error ? error.message : String(error)
  if (/due to timeout/i.test(message)) return 'no answer in time'
  if (!failure || !hasResponse(error))
    return `the connection failed (${oneLine(message) || 'no answer'})`
  const said = oneLine(firstSentence(failure.message))
  if (/<html|<!doctype/i.test(failure.message))
    return `${failure.status}, an HTML error page`
  return said ? `${failure.status} ${said}` : String(failure.status)
}

// octokit reports a failure without an answer (reset, refused) as a 500
// that has no response.
function hasResponse(error: unknown): boolean {
  return (error as { response?: unknown }).response !== undefined
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 120 ? `${line.slice(0, 117)}…` : line
}

function tries(error: unknown): string {
  const gaveUp = gaveUpOf(error)
  if (!gaveUp || gaveUp.attempts < 2) return ''
  return `, ${gaveUp.attempts} attempts in ${gaveUp.seconds} s`
}

function resetTime(limit: LimitWait): string {
  const at = new Date(Date.now() + limit.seconds * 1000)
  return `${at.toISOString().slice(11, 16)} UTC`
}

/** A rate limit or an unavailable GitHub, worded as the expected failure it is. */
function explainUnavailable(
  error: unknown,
  action: string
): ConfigurationError | undefined {
  // Only failures of GitHub requests: what the call did besides (reading
  // the checkout, say) keeps its own error.
  if (!gaveUpOf(error) && !httpFailure(error)) return undefined
  const limit = gaveUpOf(error)?.limit ?? limitWait(error)
  const options = { cause: error }
  if (limit?.kind === 'primary') {
    return new ConfigurationError(
      `GitHub's API rate limit for this token is used up (${action}): it resets in ${limit.seconds} s, at ${resetTime(limit)}. Re-run the job after that.`,
      { ...options, reason: 'github_rate_limited' }
    )
  }
  if (limit) {
    return new ConfigurationError(
      `GitHub's secondary rate limit stopped ${action} (it asks to wait ${limit.seconds} s${tries(error)}). Re-run the job in a few minutes; fewer jobs writing to GitHub at once keeps under it.`,
      { ...options, reason: 'github_rate_limited' }
    )
  }
  if (!isServerOrNetwork(error)) return undefined
  return new ConfigurationError(
    `GitHub kept failing while ${action}: ${describeAnswer(error)}${tries(error)}. It may be having an outage (https://www.githubstatus.com): re-run the job once it answers again.`,
    { ...options, reason: 'github_unavailable' }
  )
}

/**
 * Turns a GitHub failure the user can fix (bad token, missing
 * `permissions:`, unknown repository) into a ConfigurationError that says
 * what to do, and one that retries could not get past (5xx, dropped
 * connections, rate limits) into one that says so; returns anything else
 * unchanged.
 */
export function explainGitHubError(
  error: unknown,
  call: GitHubCall,
  repository: string
): unknown {
  if (isCancellation(error)) return error
  const failure = httpFailure(error)
  const unavailable = explainUnavailable(error, call.action)
  if (unavailable) return unavailable
  if (!failure) return error
  const said = firstSentence(failure.message)
  const options = { cause: error }
  if (failure.status === 401) {
    return new ConfigurationError(
      `GitHub refused the token while ${call.action} (401 ${said}): pass a valid \`token\` input (the default is \${{ github.token }}).`,
      { ...options, reason: 'bad_credentials' }
    )
  }
  if (failure.status === 403) {
    return new ConfigurationError(
      `GitHub refused ${call.action} (403 ${said}): the token lacks ${call.permission}; add \`permissions: ${call.permission}\` to the job.`,
      { ...options, reason: 'missing_permission' }
    )
  }
  if (failure.status === 404) {
    const message =
      call.notFound ??
      `GitHub has no repository ${repository} visible to this token (404 while ${call.action}): check the repository name, and for another repository use a token with access to it.`
    return new ConfigurationError(message, {
      ...options,
      reason: 'not_found'
    })
  }
  return error
}

/**
 * A GitHub failure that reached the top of an action without a call to
 * name it (a request of the chatops package, say), worded by the request
 * it was; undefined when it is no such failure.
 */
export function explainUnexpected(
  error: unknown
): ConfigurationError | undefined {
  if (isCancellation(error)) return error as ConfigurationError
  // Only failures of GitHub requests: a TypeError of our own is a bug.
  if (!gaveUpOf(error) && !httpFailure(error)) return undefined
  const request = gaveUpOf(error)?.request
  return explainUnavailable(
    error,
    request ? `calling GitHub (${request})` : 'calling GitHub'
  )
}

/** Runs one GitHub call and explains a user-fixable failure of it. */
export async function callGitHub<T>(
  call: GitHubCall,
  repository: string,
  run: () => Promise<T>
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw explainGitHubError(error, call, repository)
  }
}
