import type { IncomingHttpHeaders } from 'node:http'
import type { ErrorObject } from 'ajv'

/** One request as the emulator saw it, and what it answered. */
export interface RecordedRequest {
  method: string
  /** Decoded path without the query string. */
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  /** Parsed JSON body, the raw text if it was not JSON, or undefined. */
  body: unknown
  /** The token from the authorization header, if any. */
  token: string | undefined
  /** Status sent; undefined while pending or when the socket was reset. */
  status: number | undefined
  /** GitHub operation the request is (also set for unimplemented ones). */
  operationId: string | undefined
}

/** Something that means the emulator or its caller left GitHub's contract. */
export interface Violation {
  /**
   * request: the caller sent a body GitHub's schema rejects (answered 422);
   * response: the emulator sent a body that drifted from GitHub's schema;
   * crash: a handler threw (answered 500) — a bug in the emulator;
   * secret: a write carried the caller's own token (plain or encoded).
   */
  kind: 'request' | 'response' | 'crash' | 'secret'
  operationId: string | undefined
  method: string
  path: string
  status: number | undefined
  errors: ErrorObject[]
  message: string
}

/** The logs a running emulator keeps for assertions. */
export interface Records {
  requests: RecordedRequest[]
  unknownRoutes: RecordedRequest[]
  violations: Violation[]
}
