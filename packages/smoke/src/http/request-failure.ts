import type { Timeouts } from '../types.js'

/** Why a request got no usable response. */
export type FailureKind =
  'connect-timeout' | 'read-timeout' | 'network' | 'tls' | 'refused' | 'aborted'

/**
 * A request that failed before a response could be judged. `permanent`
 * failures (TLS verification, a refused redirect, an oversized body) are
 * not retried: waiting does not fix them.
 */
export class RequestFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly permanent: boolean
  ) {
    super(message)
    this.name = 'RequestFailure'
  }
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
])

/** The TLS verification failure an error code stands for, if any. */
export function describeTlsError(
  code: string,
  host: string,
  error: Error & { cert?: { subjectaltname?: string } }
): string | undefined {
  if (code === 'CERT_HAS_EXPIRED')
    return `TLS: the certificate of ${host} has expired`
  if (code === 'CERT_NOT_YET_VALID')
    return `TLS: the certificate of ${host} is not valid yet`
  if (UNTRUSTED.has(code)) {
    return `TLS: the certificate of ${host} is not signed by a trusted CA (${code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? 'self-signed' : 'unknown issuer'}); if your own CA signed it, set smoke.tls.ca-file to its PEM file`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = error.cert?.subjectaltname
    return `TLS: the certificate is not valid for ${host}${names ? ` (it names ${names})` : ''}`
  }
  if (code.startsWith('ERR_TLS_') || code.startsWith('CERT_'))
    return `TLS: ${error.message} (${code})`
  return undefined
}

/** Turns an error of undici or the socket into a RequestFailure. */
export function toRequestFailure(
  error: unknown,
  host: string,
  timeouts: Timeouts,
  signal: AbortSignal | undefined
): RequestFailure {
  if (error instanceof RequestFailure) return error
  if (signal?.aborted) {
    const reason: unknown = signal.reason
    const message = reason instanceof Error ? reason.message : 'aborted'
    return new RequestFailure(message, 'aborted', true)
  }
  const err = error as Error & { code?: string }
  const code = err.code ?? ''
  const tls = describeTlsError(code, host, err)
  if (tls) return new RequestFailure(tls, 'tls', true)
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new RequestFailure(
        `no connection to ${host} within ${timeouts.connectMs} ms (connect timeout)`,
        'connect-timeout',
        false
      )
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new RequestFailure(
        `no response within ${timeouts.readMs} ms (read timeout)`,
        'read-timeout',
        false
      )
    case 'UND_ERR_BODY_TIMEOUT':
      return new RequestFailure(
        `the body stalled for ${timeouts.readMs} ms (read timeout)`,
        'read-timeout',
        false
      )
    case 'ECONNREFUSED':
      return new RequestFailure(
        `connection to ${host} refused`,
        'network',
        false
      )
    default:
      return new RequestFailure(
        `${err.message || 'request failed'}${code ? ` (${code})` : ''}`,
        'network',
        false
      )
  }
}
