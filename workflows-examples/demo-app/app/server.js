// The demo app: `/` shows which release runs where, `/healthz` is what the
// deploy checks. No dependencies; configured by the environment (PORT).
import { readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { setTimeout } from 'node:timers'
import { greeting } from './greeting.js'
import { health } from './health.js'

const release = readRelease()
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
const environment = process.env.REHEARSE_ENVIRONMENT ?? 'local'

const server = createServer((request, response) => {
  try {
    // As addressed: the API may read the query and the host it was asked for.
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`)
    const path = url.pathname
    if (path === '/healthz') {
      send(response, 200, 'application/json', JSON.stringify(health(release)))
    } else if (path === '/api/greeting') {
      const body = greeting(release, url)
      send(response, 200, 'application/json', JSON.stringify(body))
    } else if (path === '/') {
      send(response, 200, 'text/html; charset=utf-8', page())
    } else {
      send(response, 404, 'text/plain', 'not found\n')
    }
  } catch (error) {
    const body = { status: 'error', error: String(error.message ?? error) }
    send(response, 500, 'application/json', JSON.stringify(body))
  }
})

server.listen(port, host, () => {
  console.log(`demo app ${release.version} (${environment}) on ${host}:${port}`)
})

// Stop cleanly on a signal. The pid file goes last, once the port is free:
// deploy/start.sh waits for it to disappear before starting the next one.
process.on('exit', forgetPidFile)
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
    setTimeout(() => process.exit(0), 1000).unref()
  })
}

// A built release carries a stamp (deploy/build.sh); `npm start` in the
// source tree has only package.json.
function readRelease() {
  for (const file of ['../build-stamp.json', '../package.json']) {
    try {
      return JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'))
    } catch {
      // try the next one
    }
  }
  return { version: 'unknown' }
}

function page() {
  const sha = release.sha ? release.sha.slice(0, 7) : 'unbuilt'
  return `<!doctype html>
<title>Demo app ${release.version}</title>
<h1>Demo app ${release.version}</h1>
<p>Environment: <b>${environment}</b> · commit ${sha}</p>
`
}

function send(response, status, type, body) {
  response.writeHead(status, { 'content-type': type })
  response.end(body)
}

// Only if it still names this process: a newer instance may have replaced it.
function forgetPidFile() {
  const file = process.env.APP_PID_FILE
  if (!file) return
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file)
  } catch {
    // already gone
  }
}
