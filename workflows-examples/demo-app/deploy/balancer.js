// The demo's load balancer: the address users reach. Each request goes to
// the environment's live instance, or — during a canary — every nth one to
// the new release, as .rehearse/run/<environment>.routes.json says
// (deploy/routing.js writes it; it is read again for every request). It
// counts each release's requests and errors (5xx, or no answer) and shows
// them at /_balancer: the canary analysis reads its error rate there.
//   node deploy/balancer.js <environment> <port>
import { readFileSync, rmSync } from 'node:fs'
import { createServer, request as forward } from 'node:http'
import { setTimeout } from 'node:timers'

const [environment, port] = process.argv.slice(2)
const routesFile = `.rehearse/run/${environment}.routes.json`
/** Requests and errors by release (its SHA) or, without one, by URL. */
const counts = {}
// Smooth weighted round robin: at 10 %, exactly every tenth request.
let credit = 0

function routes() {
  try {
    return JSON.parse(readFileSync(routesFile, 'utf8'))
  } catch {
    return {}
  }
}

function choose({ live, canary }) {
  if (!canary?.percent) return live
  if (!live) return canary
  credit += canary.percent
  if (credit < 100) return live
  credit -= 100
  return canary
}

const server = createServer((request, response) => {
  const table = routes()
  if (request.url === '/_balancer') {
    return reply(response, 200, { routes: table, counts })
  }
  const backend = choose(table)
  if (!backend) return reply(response, 503, { error: 'no release is live' })
  const count = (counts[backend.sha ?? backend.url] ??= {
    requests: 0,
    errors: 0
  })
  count.requests++
  // The Host header stays the user's: the app sees the address they asked for.
  const upstream = forward(
    new URL(request.url ?? '/', backend.url),
    { method: request.method, headers: request.headers },
    answer => {
      if ((answer.statusCode ?? 502) >= 500) count.errors++
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    }
  )
  upstream.on('error', error => {
    count.errors++
    if (!response.headersSent)
      reply(response, 502, { error: `${backend.url}: ${error.message}` })
    else response.destroy()
  })
  request.pipe(upstream)
})

server.listen(Number(port), '127.0.0.1', () => {
  console.log(`${environment} load balancer on 127.0.0.1:${port}`)
})

function reply(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

// Like the app: stop on a signal, and delete the pid file last.
process.on('exit', () => {
  const file = process.env.APP_PID_FILE
  try {
    if (file && readFileSync(file, 'utf8').trim() === String(process.pid))
      rmSync(file)
  } catch {
    // already gone
  }
})
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
    setTimeout(() => process.exit(0), 1000).unref()
  })
}
