/**
 * An error answer from a route handler. The server turns it into GitHub's
 * error body: `{ message, ...extra, documentation_url, status }`.
 */
export class HttpError extends Error {
  readonly status: number
  readonly extra: Record<string, unknown>

  constructor(
    status: number,
    message: string,
    extra: Record<string, unknown> = {}
  ) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.extra = extra
  }
}

/** GitHub's bare 404, also used for things the caller may not see. */
export function notFound(message = 'Not Found'): HttpError {
  return new HttpError(404, message)
}

/** A 422 with GitHub's validation-error shape. */
export function unprocessable(
  message: string,
  errors?: readonly Record<string, unknown>[]
): HttpError {
  return new HttpError(422, message, errors ? { errors } : {})
}
