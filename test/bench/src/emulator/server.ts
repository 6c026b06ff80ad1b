import { findSecrets } from '../secret-forms.js'
import type {
  IncomingMessage,
  RequestListener,
  ServerResponse
} from 'node:http'
import { dispatch, parseJson, RESET } from './dispatch.js'
import type { Exchange, Outgoing, ServerContext } from './dispatch.js'
import type { RecordedRequest } from './records.js'

export type { ServerContext } from './dispatch.js'

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function tokenOf(header: string | undefined): string | undefined {
  return /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1]
}

function checkResponse(
  server: ServerContext,
  record: RecordedRequest,
  reply: Outgoing
): void {
  const { operationId, method, path } = record
  if (!reply.validate || !operationId || reply.body === undefined) return
  const errors = server.openapi.validateResponse(
    operationId,
    reply.status,
    reply.body
  )
  if (!errors) return
  const message = `response ${reply.status} of ${operationId} does not match GitHub's schema`
  server.records.violations.push({
    kind: 'response',
    operationId,
    method,
    path,
    status: reply.status,
    errors,
    message
  })
}

function send(
  server: ServerContext,
  res: ServerResponse,
  record: RecordedRequest,
  reply: Outgoing
): void {
  checkResponse(server, record, reply)
  const { rateLimit } = server
  rateLimit.used += 1
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(rateLimit.limit),
    'x-ratelimit-remaining': String(
      Math.max(0, rateLimit.limit - rateLimit.used)
    ),
    'x-ratelimit-reset': String(rateLimit.reset),
    'x-ratelimit-used': String(rateLimit.used),
    'x-ratelimit-resource': 'core',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': `EMU:${rateLimit.used}`,
    ...reply.headers
  }
  record.status = reply.status
  if (reply.raw) {
    headers['content-type'] = reply.raw.contentType
    res.writeHead(reply.status, headers).end(reply.raw.text)
    return
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end()
    return
  }
  headers['content-type'] = 'application/json; charset=utf-8'
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body))
}

async function handle(
  server: ServerContext,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const rawBody = await readBody(req)
  const url = new URL(req.url ?? '/', server.urls.api)
  const method = (req.method ?? 'GET').toUpperCase()
  const match = server.router.match(method, url.pathname)
  let path = url.pathname
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    // Keep the raw path: it is still what the caller asked for.
  }
  const record: RecordedRequest = {
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    body: parseJson(rawBody).value,
    token: tokenOf(req.headers.authorization),
    status: undefined,
    operationId:
      match?.route.operationId ??
      server.openapi.findOperation(method, url.pathname)
  }
  server.records.requests.push(record)
  // What Rehearse writes (comments, payloads, statuses) is shown to
  // everyone who can read the repository: never the token.
  if (
    record.token &&
    rawBody &&
    findSecrets({ body: rawBody }, [record.token]).length > 0
  )
    server.records.violations.push({
      kind: 'secret',
      operationId: record.operationId,
      method,
      path,
      status: undefined,
      errors: [],
      message: `${method} ${path} sent the token it authenticated with in its body`
    })
  if (!match) server.records.unknownRoutes.push(record)
  const exchange: Exchange = { record, url, match, rawBody }
  const reply = await dispatch(server, exchange)
  if (reply === RESET) {
    req.socket.destroy()
    return
  }
  send(server, res, record, reply)
}

/** The emulator's request listener; a handler crash answers 500 and is a violation. */
export function createListener(server: ServerContext): RequestListener {
  return (req, res) => {
    handle(server, req, res).catch((error: unknown) => {
      const message =
        error instanceof Error ? (error.stack ?? error.message) : String(error)
      const path = req.url ?? ''
      server.records.violations.push({
        kind: 'crash',
        operationId: undefined,
        method: req.method ?? '',
        path,
        status: 500,
        errors: [],
        message
      })
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Emulator crashed', error: message }))
    })
  }
}
