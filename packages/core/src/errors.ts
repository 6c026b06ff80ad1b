import type { ReasonCode } from './reasons.js'

/**
 * A problem the user can fix: a bad input, a bad plan, a refused gate.
 * Its message says what is wrong and how to fix it; it is shown without a
 * stack trace. Anything else that escapes is a bug in Rehearse.
 */
export class ConfigurationError extends Error {
  /** Stable, machine-readable code for decisions (e.g. `ref_changed`). */
  readonly reason: ReasonCode | undefined

  constructor(
    message: string,
    options: { reason?: ReasonCode; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'ConfigurationError'
    this.reason = options.reason
  }
}

export function isConfigurationError(
  error: unknown
): error is ConfigurationError {
  return error instanceof ConfigurationError
}
