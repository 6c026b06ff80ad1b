import { setTimeout as sleep } from 'node:timers/promises'
import {
  HTML_502_PAGE,
  PRIMARY_RATE_LIMIT_MESSAGE,
  SECONDARY_RATE_LIMIT_MESSAGE
} from './faults.js'
import type { Fault, FaultQueue } from './faults.js'
import type { GitObjects } from './git-objects.js'
import { HttpError } from './http-error.js'
import { describeError } from './openapi.js'
import type { OpenApi } from './openapi.js'
import { paginate } from './pagination.js'
import type { RecordedRequest, Records } from './records.js'
import type { Reply, RouteContext } from './route.js'
import type { Router, RouteMatch } from './router.js'
import type { EmulatorState } from './state.js'
import type { Urls } from './urls.js'

/** What the request listener works with; `urls` is set once listening. */
export interface ServerContext {
  state: EmulatorState
  git: GitObjects
  openapi: OpenApi
  router: Router
  faults: FaultQueue
  urls: Urls
  records: Records
  /** Login for a token, or undefined to refuse it (401 Bad credentials). */
  authenticate: (token: string) => string | undefined
  retryAfterSeconds: number
  /** Delay before every answer (a distant GitHub); 0 on loopback. */
  latencyMs: number
  rateLimit: { limit: number; used: number; reset: number }
}

/** One request in flight. */
export interface Exchange {
  record: RecordedRequest
  url: URL
  match: RouteMatch | undefined
  rawBody: string
}

/** A reply on its way out; `validate` is false for injected faults. */
export interface Outgoing extends Reply {
  validate: boolean
  /** Sent as is instead of `body` as JSON (an HTML error page). */
  raw?: { contentType: string; text: string }
}

/** Answer of {@link dispatch} when the socket must be destroyed. */
export const RESET = Symbol('reset')
const WRITES = new Set(['POST', 'PATCH', 'PUT'])
const GENERIC_DOCS = 'https://docs.github.com/rest'

/** Parses a request body; empty is undefined, bad JSON is not ok. */
export function parseJson(text: string): { ok: boolean; value: unknown } {
  if (text.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, value: text }
  }
}

function errorReply(
  server: ServerContext,
  exchange: Exchange,
  error: HttpError
): Outgoing {
  const id = exchange.record.operationId
  const docs =
    (id && server.openapi.operation(id)?.documentationUrl) || GENERIC_DOCS
  const body = {
    message: error.message,
    ...error.extra,
    documentation_url: docs,
    status: String(error.status)
  }
  return { status: error.status, body, validate: exchange.match !== undefined }
}

function faultReply(server: ServerContext, fault: Fault): Outgoing | undefined {
  const retry = (seconds: number | null | undefined): Record<string, string> =>
    seconds === null
      ? {}
      : { 'retry-after': String(seconds ?? server.retryAfterSeconds) }
  const message = {
    message: SECONDARY_RATE_LIMIT_MESSAGE,
    documentation_url: GENERIC_DOCS
  }
  switch (fault.kind) {
    case 'status':
      return {
        status: fault.status,
        body: { message: 'Server Error' },
        validate: false
      }
    case 'secondary-rate-limit':
      return {
        status: 403,
        body: message,
        headers: retry(fault.retryAfter),
        validate: false
      }
    case 'too-many-requests':
      return {
        status: 429,
        body: message,
        headers: retry(fault.retryAfter),
        validate: false
      }
    case 'primary-rate-limit':
      return primaryLimitReply(fault.resetInSeconds ?? 3600)
    case 'html-502':
      return html502()
    default:
      return undefined
  }
}

function primaryLimitReply(resetInSeconds: number): Outgoing {
  const reset = Math.floor(Date.now() / 1000) + resetInSeconds
  return {
    status: 403,
    body: {
      message: PRIMARY_RATE_LIMIT_MESSAGE,
      documentation_url: GENERIC_DOCS
    },
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(reset)
    },
    validate: false
  }
}

function html502(): Outgoing {
  return {
    status: 502,
    raw: { contentType: 'text/html; charset=utf-8', text: HTML_502_PAGE },
    validate: false
  }
}

function checkRequestBody(
  server: ServerContext,
  exchange: Exchange,
  body: unknown
): void {
  const { record } = exchange
  // A write without a body is validated as `{}` so required fields count.
  const sent = body ?? (WRITES.has(record.method) ? {} : undefined)
  if (!record.operationId || sent === undefined) return
  const errors = server.openapi.validateRequest(record.operationId, sent)
  if (!errors) return
  const message = ['Invalid request.', '', ...errors.map(describeError)].join(
    '\n'
  )
  const { method, path, operationId } = record
  server.records.violations.push({
    kind: 'request',
    operationId,
    method,
    path,
    status: 422,
    errors,
    message
  })
  throw new HttpError(422, message)
}

async function runRoute(
  server: ServerContext,
  exchange: Exchange,
  login: string
): Promise<Reply> {
  const { match, url } = exchange
  if (!match) throw new HttpError(404, 'Not Found')
  const sameRepo = (a = '', b: string) => a.toLowerCase() === b.toLowerCase()
  if (
    !sameRepo(match.params.owner, server.state.owner) ||
    !sameRepo(match.params.repo, server.state.repo)
  ) {
    throw new HttpError(404, 'Not Found')
  }
  const parsed = parseJson(exchange.rawBody)
  if (!parsed.ok) throw new HttpError(400, 'Problems parsing JSON')
  checkRequestBody(server, exchange, parsed.value)
  let link: string | undefined
  const ctx: RouteContext = {
    params: match.params,
    query: url.searchParams,
    body:
      typeof parsed.value === 'object' && parsed.value !== null
        ? (parsed.value as Record<string, unknown>)
        : {},
    login,
    state: server.state,
    git: server.git,
    urls: server.urls,
    paginate: items => {
      const page = paginate(url, items)
      link = page.link
      return page.items
    }
  }
  const reply = await match.route.handler(ctx)
  return link ? { ...reply, headers: { ...reply.headers, link } } : reply
}

async function handled(
  server: ServerContext,
  exchange: Exchange,
  login: string
): Promise<Outgoing> {
  try {
    return { ...(await runRoute(server, exchange, login)), validate: true }
  } catch (error) {
    if (!(error instanceof HttpError)) throw error
    return errorReply(server, exchange, error)
  }
}

// Faults that act on the handler's answer rather than replace it.
function afterHandler(fault: Fault, reply: Outgoing): Outgoing {
  switch (fault.kind) {
    case 'applied-then-502':
      return { status: 502, body: { message: 'Server Error' }, validate: false }
    case 'corrupt-response':
      return { ...reply, body: fault.mutate(structuredClone(reply.body)) }
    default:
      return reply
  }
}

/**
 * Takes one recorded request through auth, faults, routing, request
 * validation and the handler, and returns the reply to send (or RESET).
 */
export async function dispatch(
  server: ServerContext,
  exchange: Exchange
): Promise<Outgoing | typeof RESET> {
  const { record } = exchange
  if (server.latencyMs > 0) await sleep(server.latencyMs)
  const login = record.token ? server.authenticate(record.token) : undefined
  if (!login) {
    const message = record.token ? 'Bad credentials' : 'Requires authentication'
    return errorReply(server, exchange, new HttpError(401, message))
  }
  const { used, limit } = server.rateLimit
  if (used >= limit) {
    const message = `API rate limit exceeded for ${login}.`
    return errorReply(server, exchange, new HttpError(403, message))
  }
  const fault = server.faults.take(record)
  if (fault?.kind === 'reset') return RESET
  if (fault?.kind === 'slow') await sleep(fault.ms)
  const early = fault && faultReply(server, fault)
  if (early) return early
  const reply = await handled(server, exchange, login)
  if (fault?.kind === 'applied-then-reset') return RESET
  return fault ? afterHandler(fault, reply) : reply
}
