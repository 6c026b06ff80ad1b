import { ConfigurationError } from '@rehearse/core'

/** What a GitHub call was doing, so a failure can say what to fix. */
export interface GitHubCall {
  /** What was being done, e.g. "creating the staging deployment". */
  readonly action: string
  /** The `permissions:` entry the call needs, e.g. "deployments: write". */
  readonly permission: string
  /** Message for a 404, when a 404 means something other than "no repository". */
  readonly notFound?: string
}

/** The parts of an `@octokit/request-error` RequestError that we read. */
export interface HttpFailure {
  readonly status: number
  readonly message: string
  readonly headers: Readonly<Record<string, string | undefined>>
}

/**
 * The HTTP status and headers of a failed octokit request, or undefined
 * for anything else. Duck-typed rather than `instanceof RequestError`: a
 * bundle may hold two copies of the class.
 */
export function httpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { status, message, response } = error as {
    status?: unknown
    message?: unknown
    response?: { headers?: Record<string, string | undefined> }
  }
  if (typeof status !== 'number') return undefined
  return {
    status,
    message: typeof message === 'string' ? message : '',
    headers: response?.headers ?? {}
  }
}

/** 5xx and network failures (octokit reports those as 500): worth retrying. */
export function isTransient(error: unknown): boolean {
  const failure = httpFailure(error)
  return failure !== undefined && failure.status >= 500
}

function isRateLimit(failure: HttpFailure): boolean {
  return (
    failure.headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(failure.message)
  )
}

function firstSentence(message: string): string {
  // octokit appends " - <documentation_url>"; the docs link adds nothing here.
  return message.replace(/ - https?:\/\/\S+$/, '')
}

/**
 * Turns a GitHub failure the user can fix (bad token, missing
 * `permissions:`, unknown repository) into a ConfigurationError that says
 * what to do; returns anything else unchanged.
 */
export function explainGitHubError(
  error: unknown,
  call: GitHubCall,
  repository: string
): unknown {
  const failure = httpFailure(error)
  if (!failure) return error
  const said = firstSentence(failure.message)
  const options = { cause: error }
  if (failure.status === 401) {
    return new ConfigurationError(
      `GitHub refused the token while ${call.action} (401 ${said}): pass a valid \`token\` input (the default is \${{ github.token }}).`,
      { ...options, reason: 'bad_credentials' }
    )
  }
  if (failure.status === 403 && !isRateLimit(failure)) {
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
