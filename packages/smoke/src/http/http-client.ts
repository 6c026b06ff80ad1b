import { rootCertificates } from 'node:tls'
import type { PeerCertificate } from 'node:tls'
import type * as UndiciModule from 'undici'
import type { Agent, Dispatcher } from 'undici'
import type { Timeouts } from '../types.js'
import { HostGate } from './host-gate.js'
import type { GateOutcome } from './host-gate.js'
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
  /** Requests in flight per origin at most (see {@link HostGate}). */
  readonly perHostLimit: number
  /** Called when an origin's limit drops because the server struggles. */
  readonly onLimit?: (host: string, limit: number) => void
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}

const MAX_REDIRECTS = 5

/** What had arrived of a response, for the deadline's message. */
interface Progress {
  status: number | undefined
  bytes: number
}

type Undici = Pick<typeof UndiciModule, 'Agent' | 'buildConnector' | 'request'>
let undiciLoading: Promise<Undici> | undefined
// undici is a third of an action's bundle: loaded only when a smoke test
// sends its first request (ncc puts it in a chunk of its own), so every
// other path of every action starts without it.
const loadUndici = (): Promise<Undici> =>
  (undiciLoading ??= import('undici').then(
    ({ Agent, buildConnector, request }) => ({ Agent, buildConnector, request })
  ))

// Answers and failures that say the server cannot keep up.
const STRAINED_STATUS = new Set([429, 502, 503, 504])
const STRAINED_FAILURE = new Set(['network', 'connect-timeout', 'read-timeout'])

/**
 * HTTP through undici with the smoke test's boundaries: TLS always verified
 * (never switchable off), redirects followed only within the target's
 * origin, bodies capped, connect and read timeouts on every request and a
 * total deadline of both (a server dripping bytes cannot keep a check
 * alive), and a per-origin limit on requests in flight with a queue.
 * Latency is timed from when the request leaves the queue.
 */
export async function createHttpClient(
  options: HttpClientOptions
): Promise<HttpClient> {
  const undici = await loadUndici()
  const gate = new HostGate(options.perHostLimit, options.onLimit)
  const agents = new Map<number, Agent>()
  const agentFor = (connectMs: number): Agent => {
    let agent = agents.get(connectMs)
    if (!agent) {
      agent = createAgent(undici, connectMs, options)
      agents.set(connectMs, agent)
    }
    return agent
  }
  return {
    send: async req => {
      let exit: (outcome: GateOutcome) => void
      try {
        exit = await gate.enter(req.url.origin, req.signal)
      } catch (error) {
        throw toRequestFailure(error, req.url.host, req.timeouts, req.signal)
      }
      const started = performance.now()
      const progress: Progress = { status: undefined, bytes: 0 }
      const deadline = AbortSignal.timeout(totalDeadlineMs(req.timeouts))
      const signal = req.signal
        ? AbortSignal.any([req.signal, deadline])
        : deadline
      const dispatcher = agentFor(req.timeouts.connectMs)
      try {
        const response = await follow(
          undici.request,
          { ...req, signal },
          dispatcher,
          options,
          progress
        )
        exit(STRAINED_STATUS.has(response.status) ? 'strained' : 'ok')
        return { ...response, latencyMs: performance.now() - started }
      } catch (error) {
        const failure =
          deadline.aborted && !req.signal?.aborted
            ? deadlineFailure(req.timeouts, progress)
            : error
        const strained =
          failure instanceof RequestFailure &&
          STRAINED_FAILURE.has(failure.kind)
        exit(strained ? 'strained' : 'neutral')
        throw failure
      }
    },
    close: async () => {
      await Promise.all([...agents.values()].map(agent => agent.destroy()))
    }
  }
}

function createAgent(
  { Agent, buildConnector }: Undici,
  connectMs: number,
  options: HttpClientOptions
): Agent {
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

/** Headers and body of one request, redirects included, within this. */
export function totalDeadlineMs(timeouts: Timeouts): number {
  return timeouts.connectMs + timeouts.readMs
}

function deadlineFailure(timeouts: Timeouts, progress: Progress) {
  const total = totalDeadlineMs(timeouts)
  const got =
    progress.status === undefined
      ? 'no response headers had arrived'
      : `status ${progress.status} and ${progress.bytes} byte(s) of the body had arrived`
  return new RequestFailure(
    `no complete response within ${total} ms, the per-request deadline (connect-ms ${timeouts.connectMs} + read-ms ${timeouts.readMs}): ${got}`,
    'read-timeout',
    false
  )
}

async function follow(
  request: Undici['request'],
  req: HttpRequest,
  dispatcher: Dispatcher,
  options: HttpClientOptions,
  progress: Progress
): Promise<Omit<HttpResponse, 'latencyMs'>> {
  let url = req.url
  let method = req.method
  let body = req.body
  for (let hop = 0; ; hop += 1) {
    const response = await send(request, url, method, body, req, dispatcher, {
      maxBodyBytes: options.maxBodyBytes,
      progress
    })
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
  request: Undici['request'],
  url: URL,
  method: string,
  body: string | undefined,
  req: HttpRequest,
  dispatcher: Dispatcher,
  options: { maxBodyBytes: number; progress: Progress }
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
    options.progress.status = response.statusCode
    options.progress.bytes = 0
    const text = await readCapped(
      response.body,
      headers,
      options.maxBodyBytes,
      size => void (options.progress.bytes = size)
    )
    return { status: response.statusCode, headers, body: text }
  } catch (error) {
    throw toRequestFailure(error, url.host, req.timeouts, req.signal)
  }
}
