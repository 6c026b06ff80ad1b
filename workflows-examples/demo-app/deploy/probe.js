// HTTP probes for the deploy steps (node is all the demo needs, not curl):
//   node deploy/probe.js wait <url> <pid> <seconds>   until <url> answers
//   node deploy/probe.js check <url> <version>        200 with that version
import { get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

const [mode, url, arg, seconds] = process.argv.slice(2)

if (mode === 'wait') await waitForAnswer(url, Number(arg), Number(seconds))
else if (mode === 'check') await checkVersion(url, arg)
else fail(`usage: probe.js wait <url> <pid> <seconds> | check <url> <version>`)

// Any HTTP answer means the app is up; whether it is healthy is Verify's job.
async function waitForAnswer(target, pid, limitSeconds) {
  const deadline = Date.now() + limitSeconds * 1000
  for (;;) {
    const answer = await request(target).catch(() => undefined)
    if (answer) return console.log(`${target} answers (HTTP ${answer.status})`)
    if (!alive(pid)) fail(`the app (pid ${pid}) exited before answering`)
    if (Date.now() > deadline)
      fail(`${target} did not answer in ${limitSeconds} s`)
    await sleep(100)
  }
}

async function checkVersion(target, expected) {
  const answer = await request(target).catch(error =>
    fail(`${target}: ${error.message}`)
  )
  let version
  try {
    version = JSON.parse(answer.body).version
  } catch {
    // reported below
  }
  if (answer.status !== 200 || version !== expected) {
    fail(
      `${target} answered HTTP ${answer.status} ${answer.body.trim()}; expected 200 with version ${expected}`
    )
  }
  console.log(`${target}: HTTP 200, version ${version}`)
}

function request(target) {
  return new Promise((resolve, reject) => {
    const req = get(target, { timeout: 2000 }, response => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', chunk => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode, body }))
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', reject)
  })
}

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function fail(message) {
  console.error(`✗ ${message}`)
  process.exit(1)
}
