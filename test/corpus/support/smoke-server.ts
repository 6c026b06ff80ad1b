import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'

/** How the loopback server answers every request of one case. */
export interface ServedResponse {
  /** `http` (default), or a broken answer no HTTP client should accept. */
  readonly kind?:
    | 'http'
    | 'garbage'
    | 'close'
    | 'reset-mid-body'
    | 'short-body'
    | 'bad-chunked'
    | 'drip'
    | 'silent'
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** Milliseconds between bytes, for `drip`. */
  readonly dripMs?: number
}

/** A server on 127.0.0.1 that answers as told; close() ends every socket. */
export async function serveResponse(
  response: ServedResponse
): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer(socket => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
    let request = ''
    socket.on('data', chunk => {
      request += chunk.toString('latin1')
      if (request.includes('\r\n\r\n')) {
        request = ''
        answer(socket, response)
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

function answer(socket: Socket, response: ServedResponse): void {
  const body = response.body ?? ''
  const head = (headers: Record<string, string>) =>
    [
      `HTTP/1.1 ${response.status ?? 200} X`,
      ...Object.entries({ ...headers, ...response.headers }).map(
        ([k, v]) => `${k}: ${v}`
      ),
      '',
      ''
    ].join('\r\n')
  switch (response.kind ?? 'http') {
    case 'http':
      socket.write(head({ 'content-length': String(Buffer.byteLength(body)) }))
      socket.write(body)
      return
    case 'garbage':
      socket.end('HELLO THERE\r\nthis is no HTTP\r\n\r\n')
      return
    case 'close':
      socket.end()
      return
    case 'silent':
      return
    case 'reset-mid-body':
      socket.write(head({ 'content-length': '1000' }))
      socket.write(body.slice(0, 10), () => socket.resetAndDestroy())
      return
    case 'short-body':
      socket.write(head({ 'content-length': '1000' }))
      socket.end(body.slice(0, 10))
      return
    case 'bad-chunked':
      socket.write(head({ 'transfer-encoding': 'chunked' }))
      socket.end('zz\r\nnot a chunk size\r\n')
      return
    case 'drip':
      drip(
        socket,
        head({ 'content-length': String(body.length) }) + body,
        response.dripMs ?? 300
      )
      return
  }
}

function drip(socket: Socket, text: string, everyMs: number): void {
  let at = 0
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) {
      clearInterval(timer)
      return
    }
    socket.write(text[at++] ?? '')
  }, everyMs)
  socket.on('close', () => clearInterval(timer))
}
