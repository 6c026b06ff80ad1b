import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer } from 'node:net'
import type { Server as TcpServer, Socket } from 'node:net'
import type { KeyPair } from './certificates.js'

export type Handler = (
  request: IncomingMessage & { body: string },
  response: ServerResponse
) => void | Promise<void>

/** A real server on 127.0.0.1 and what it was asked. */
export interface TestServer {
  readonly url: string
  readonly port: number
  /** Method and path of every request, in arrival order. */
  readonly requests: { method: string; path: string; at: number }[]
  close(): Promise<void>
}

async function listen(
  server: Server | TcpServer,
  scheme: string,
  requests: TestServer['requests']
): Promise<TestServer> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/** An HTTP (or, with a key pair, HTTPS) server answering with `handler`. */
export async function startServer(
  handler: Handler,
  tls?: KeyPair
): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const listener = async (
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<void> => {
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      at: Date.now()
    })
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    await handler(Object.assign(request, { body }), response)
  }
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener)
    : createHttpServer(listener)
  return listen(server, tls ? 'https' : 'http', requests)
}

/** Accepts connections and never says a word: for connect timeouts. */
export async function startSilentServer(): Promise<TestServer> {
  return listen(createTcpServer(), 'https', [])
}

export function json(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(value))
}

export const delay = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms))
