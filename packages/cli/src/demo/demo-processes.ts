import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { get } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ConfigurationError } from '@rehearse/core'

/** Refuses to start when another program (or a previous demo) holds a demo port. */
export async function assertPortsFree(ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>(resolve => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (!free) {
      throw new ConfigurationError(
        `port ${port} is in use: the demo runs its apps and load balancers on ports ${ports.join(', ')}. Stop what listens there and run the demo again.`,
        { reason: 'port_in_use' }
      )
    }
  }
}

/**
 * Runs one of the demo app's scripts in its repository, as a user would
 * type it, its output (both streams) indented into `write`. True when it
 * exited 0.
 */
export function runDemoScript(
  dir: string,
  argv: readonly [string, ...string[]],
  write: (text: string) => void
): Promise<boolean> {
  const [script, ...args] = argv
  const child = spawn(script, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const flushers = [child.stdout, child.stderr].map(stream => {
    let pending = ''
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) write(`  ${line}\n`)
    })
    return () => pending && write(`  ${pending}\n`)
  })
  return new Promise(resolve => {
    child.once('error', error => {
      write(`  ${script}: ${error.message}\n`)
      resolve(false)
    })
    child.once('close', code => {
      for (const flush of flushers) flush()
      resolve(code === 0)
    })
  })
}

/**
 * Stops every app and load balancer the demo started, found by their pid
 * files (`.rehearse/run/<name>.pid`): SIGTERM, then SIGKILL after 2 s.
 * An app deletes its pid file when it exits; that, not `kill(pid, 0)`, says
 * it is gone, since an exited app may stay a zombie until init reaps it.
 */
export async function stopDemoApps(dir: string): Promise<number[]> {
  const runDir = join(dir, '.rehearse', 'run')
  const names = await readdir(runDir).catch(() => [] as string[])
  const running: { pid: number; file: string }[] = []
  for (const name of names.filter(n => n.endsWith('.pid'))) {
    const file = join(runDir, name)
    const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim())
    if (Number.isInteger(pid) && pid > 0 && signal(pid, 'SIGTERM')) {
      running.push({ pid, file })
    }
  }
  const stillRunning = () =>
    running.filter(app => existsSync(app.file) && signal(app.pid, 0))
  const deadline = Date.now() + 2000
  while (stillRunning().length > 0 && Date.now() < deadline) await sleep(25)
  for (const app of stillRunning()) signal(app.pid, 'SIGKILL')
  return running.map(app => app.pid)
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name)
    return true
  } catch {
    return false
  }
}

/** What an environment's /healthz answers right now, as one line. */
export function probeHealth(url: string): Promise<string> {
  return new Promise(resolve => {
    const request = get(`${url}/healthz`, { timeout: 2000 }, response => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () =>
        resolve(`HTTP ${response.statusCode} ${body.trim()}`)
      )
    })
    request.on('timeout', () => request.destroy(new Error('no answer in 2 s')))
    request.on('error', error => resolve(`no answer (${error.message})`))
  })
}
