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
