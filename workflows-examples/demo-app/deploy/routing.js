// What the canary and blue-green plans' steps tell the load balancer
// (deploy/balancer.js), through its routes file. Each environment has two
// instances behind it: blue on the balancer's port + 1, green on + 2 (the
// blue-green plan names the same URLs as its slots).
//   node deploy/routing.js target      "<slot> <url>": where this release goes
//   node deploy/routing.js switch      all traffic to REHEARSE_SLOT (blue-green)
//   node deploy/routing.js canary      REHEARSE_TRAFFIC_PERCENT % to this release
//   node deploy/routing.js error-rate  share of this release's requests that failed
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

const env = process.env
const file = `.rehearse/run/${env.REHEARSE_ENVIRONMENT}.routes.json`
const short = env.REHEARSE_SHA?.slice(0, 7)
const commands = {
  target,
  switch: switchTraffic,
  canary,
  'error-rate': errorRate
}
const command = commands[process.argv[2]]
if (!command) fail(`usage: routing.js ${Object.keys(commands).join(' | ')}`)
await command()

/**
 * The instance users are not on. A blue-green plan names it (REHEARSE_SLOT);
 * otherwise the other one, green first: a blue-green plan's first release
 * goes to blue (no slot is recorded yet), and must find it idle.
 */
function target() {
  const table = settle(read())
  const live = slotOf(table.live?.url)
  const slot = env.REHEARSE_SLOT || otherThan(live)
  if (slot === live)
    fail(`the ${slot} instance serves users; refusing to deploy over it`)
  write(table)
  console.log(`${slot} ${urlOf(slot)}`)
}

// A rollout that ended at 100 % made the canary the live instance; one that
// ended at 0 % left nothing to remember.
function settle(table) {
  const { canary } = table
  if (canary?.percent === 100) return { live: { url: canary.url } }
  if (canary) return { live: table.live }
  return table
}

async function switchTraffic() {
  const url = urlOf(env.REHEARSE_SLOT)
  write({ live: { url } })
  console.log(
    `All requests to ${env.REHEARSE_SLOT} (${url}): ${await version(url)}`
  )
}

async function canary() {
  const table = read()
  const percent = Number(env.REHEARSE_TRAFFIC_PERCENT)
  const slot = otherThan(slotOf(table.live?.url))
  const url = urlOf(slot)
  write({ live: table.live, canary: { url, sha: env.REHEARSE_SHA, percent } })
  const live = table.live?.url ?? 'nothing'
  const share =
    percent === 0
      ? `All requests back to ${live}; ${short} on ${slot} gets none`
      : percent === 100
        ? `All requests to ${short} on ${slot} (${await version(url)})`
        : `${percent} % of requests to ${short} on ${slot} (${await version(url)}), the rest to ${live}`
  console.log(share)
}

/**
 * The canary metric: the share of this release's requests that failed, as
 * the load balancer counted them. Judged on at least 20 requests while
 * traffic flows; without traffic (staging has no users), on what came.
 */
async function errorRate() {
  const stop = Date.now() + 10_000
  let seen = -1
  let count = { requests: 0, errors: 0 }
  for (;;) {
    const { counts } = JSON.parse(
      await fetchText(`${env.REHEARSE_URL}/_balancer`)
    )
    count = counts[env.REHEARSE_SHA] ?? count
    const total = Object.values(counts).reduce((n, c) => n + c.requests, 0)
    if (count.requests >= 20 || total === seen || Date.now() > stop) break
    seen = total
    await sleep(300)
  }
  const rate = count.requests === 0 ? 0 : count.errors / count.requests
  console.log(
    count.requests === 0
      ? `${short}: no requests yet, so no errors`
      : `${short}: ${count.errors} of ${count.requests} requests failed`
  )
  console.log(rate.toFixed(3))
}

function instances() {
  const base = new URL(env.REHEARSE_URL)
  const at = offset =>
    `${base.protocol}//${base.hostname}:${Number(base.port) + offset}`
  return { blue: at(1), green: at(2) }
}

// The plan's slot URL when it names one (blue-green), else by the rule above.
function urlOf(slot) {
  return (
    (slot === env.REHEARSE_SLOT && env.REHEARSE_SLOT_URL) || instances()[slot]
  )
}

function slotOf(url) {
  return Object.entries(instances()).find(([, at]) => at === url)?.[0]
}

function otherThan(live) {
  return live === 'green' ? 'blue' : 'green'
}

function read() {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
}

// Written whole, then renamed: the balancer never reads half a file.
function write(table) {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(table)}\n`)
  renameSync(`${file}.tmp`, file)
}

async function version(url) {
  const body = await fetchText(`${url}/healthz`).catch(error => error.message)
  return body.includes('"version"') ? JSON.parse(body).version : body
}

function fetchText(url) {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 2000 }, response => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', chunk => (body += chunk))
      response.on('end', () => resolve(body))
    })
    request.on('timeout', () => request.destroy(new Error('timed out')))
    request.on('error', reject)
  })
}

function fail(message) {
  console.error(`✗ ${message}`)
  process.exit(1)
}
