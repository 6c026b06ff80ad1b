import { get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

/** Who production's simulated users are: one of them has an accent. */
export const USER_NAMES = ['ada', 'grace', 'émile'] as const

/** What the users saw: requests sent, how many got no good answer, whose. */
export interface Tally {
  readonly requests: number
  readonly failed: number
  /** The names whose requests failed. */
  readonly failedFor: readonly string[]
}

/** Production's users, as the demo plays them. */
export interface Users {
  /** What they saw since the previous call (or since they started). */
  sinceLast(): Tally
  /** Stops them once their request in flight is answered; the whole tally. */
  stop(): Promise<Tally>
}

type Counts = { requests: number; failures: Map<string, number> }

/**
 * Visitors of `url`, one request after another, each asking
 * /api/greeting?name=… for the next name: what production's users do while
 * the demo deploys. Anything but a 2xx answer (or no answer in 10 s) is a
 * failure they noticed.
 */
export function startUsers(url: string): Users {
  let stopped = false
  const total: Counts = { requests: 0, failures: new Map() }
  let last: Counts = { requests: 0, failures: new Map() }
  const visits = (async () => {
    for (let i = 0; !stopped; i++) {
      const name = USER_NAMES[i % USER_NAMES.length] ?? ''
      const ok = await visit(
        `${url}/api/greeting?name=${encodeURIComponent(name)}`
      )
      total.requests++
      if (!ok) total.failures.set(name, (total.failures.get(name) ?? 0) + 1)
      // A few hundred visitors a second, and time left for everything else.
      await sleep(2)
    }
  })()
  return {
    sinceLast() {
      const tally = difference(total, last)
      last = { requests: total.requests, failures: new Map(total.failures) }
      return tally
    },
    async stop() {
      stopped = true
      await visits
      return difference(total, { requests: 0, failures: new Map() })
    }
  }
}

function difference(now: Counts, before: Counts): Tally {
  const failed = [...now.failures].map(
    ([name, count]) => [name, count - (before.failures.get(name) ?? 0)] as const
  )
  return {
    requests: now.requests - before.requests,
    failed: failed.reduce((sum, [, count]) => sum + count, 0),
    failedFor: failed.filter(([, count]) => count > 0).map(([name]) => name)
  }
}

function visit(url: string): Promise<boolean> {
  return new Promise(resolve => {
    const request = get(url, { timeout: 10_000 }, response => {
      response.resume()
      const status = response.statusCode ?? 0
      response.on('end', () => resolve(status >= 200 && status < 300))
      response.on('error', () => resolve(false))
    })
    request.on('timeout', () => request.destroy(new Error('timed out')))
    request.on('error', () => resolve(false))
  })
}
