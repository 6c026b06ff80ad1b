import { rootCertificates } from 'node:tls'
import type { PeerCertificate } from 'node:tls'
import { Agent, buildConnector, request } from 'undici'
import type { Dispatcher } from 'undici'
import type { Timeouts } from '../types.js'
import {
  RequestFailure,
  describeTlsError,
  toRequestFailure
} from './request-failure.js'
import { checkRedirect, flattenHeaders, readCapped } from './response.js'

/** What a check sends; the URL is already resolved and checked. */
export interface HttpRequest {
  readonly url: URL
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  readonly timeouts: Timeouts
  readonly signal?: AbortSignal
  /** A 3xx the check expects is its answer, not a redirect to follow. */
  readonly expectsStatus: (status: number) => boolean
}

export interface HttpResponse {
  readonly status: number
  /** Names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** From sending the request to the last byte of the body (ms). */
  readonly latencyMs: number
}

export interface HttpClientOptions {
  /** Extra trusted CA certificates (PEM), added to the system's. */
  readonly ca: string | undefined
  readonly maxBodyBytes: number
  /** Called with the server's certificate after each TLS handshake. */
  readonly onCertificate: (host: string, certificate: PeerCertificate) => void
  /** Called when the server's certificate fails verification. */
  readonly onTlsFailure: (host: string, message: string) => void
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}

const MAX_REDIRECTS = 5

/**
 * HTTP through undici with the smoke test's boundaries: TLS always verified
 * (never switchable off), redirects followed only within the target's
 * origin, bodies capped, connect and read timeouts on every request.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agents = new Map<number, Agent>()
  const agentFor = (connectMs: number): Agent => {
    let agent = agents.get(connectMs)
    if (!agent) {
      agent = createAgent(connectMs, options)
      agents.set(connectMs, agent)
    }
    return agent
  }
  return {
    send: async req => {
      const started = performance.now()
      const response = await follow(
        req,
        agentFor(req.timeouts.connectMs),
        options
      )
      return { ...response, latencyMs: performance.now() - started }
    },
    close: async () => {
      await Promise.all([...agents.values()].map(agent => agent.destroy()))
    }
  }
}

function createAgent(connectMs: number, options: HttpClientOptions): Agent {
  const connector = buildConnector({
    timeout: connectMs,
    // Explicit, so not even NODE_TLS_REJECT_UNAUTHORIZED can turn it off.
    rejectUnauthorized: true,
    // A full handshake each time: every connection verified and its
    // certificate readable.
    maxCachedSessions: 0,
    // `ca` replaces the system's list: keep it and add the plan's CA.
    ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {})
  })
  return new Agent({
    connect: (connectOptions, callback) =>
      connector(connectOptions, (...args) => {
        const [error, socket] = args
        const host = `${connectOptions.hostname}:${connectOptions.port || 443}`
        if (socket && 'getPeerCertificate' in socket) {
          options.onCertificate(host, socket.getPeerCertificate())
        }
        const tls =
          error && describeTlsError(errorCode(error), host, error as Error)
        if (tls) options.onTlsFailure(host, tls)
        callback(...args)
      })
  })
}

const errorCode = (error: Error): string =>
  (error as Error & { code?: string }).code ?? ''

async function follow(
  req: HttpRequest,
  dispatcher: Dispatcher,
  options: HttpClientOptions
): Promise<Omit<HttpResponse, 'latencyMs'>> {
  let url = req.url
  let method = req.method
  let body = req.body
  for (let hop = 0; ; hop += 1) {
    const response = await send(url, method, body, req, dispatcher, options)
    const location = response.headers.location
    if (
      response.status < 300 ||
      response.status > 399 ||
      !location ||
      req.expectsStatus(response.status)
    )
      return response
    if (hop === MAX_REDIRECTS) {
      throw new RequestFailure(
        `more than ${MAX_REDIRECTS} redirects`,
        'refused',
        true
      )
    }
    url = checkRedirect(url, location, req.url)
    if (
      response.status === 303 ||
      ([301, 302].includes(response.status) && method === 'POST')
    ) {
      method = 'GET'
      body = undefined
    }
  }
}

async function send(
  url: URL,
  method: string,
  body: string | undefined,
  req: HttpRequest,
  dispatcher: Dispatcher,
  options: HttpClientOptions
): Promise<Omit<HttpResponse, 'latencyMs'>> {
  try {
    const response = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers: req.headers,
      body,
      dispatcher,
      headersTimeout: req.timeouts.readMs,
      bodyTimeout: req.timeouts.readMs,
      maxRedirections: 0,
      signal: req.signal
    })
    const headers = flattenHeaders(response.headers)
    const text = await readCapped(response.body, headers, options.maxBodyBytes)
    return { status: response.statusCode, headers, body: text }
  } catch (error) {
    throw toRequestFailure(error, url.host, req.timeouts, req.signal)
  }
}
