/** How a request through the gate ended, as far as the server's load goes. */
export type GateOutcome = 'ok' | 'strained' | 'neutral'

/** Lets the next request in; call exactly once, when the request ended. */
export type GateExit = (outcome: GateOutcome) => void

interface Waiter {
  readonly admit: () => void
}

interface HostState {
  limit: number
  active: number
  /** Raised on every decrease: requests let in before it do not halve again. */
  epoch: number
  /** Fractional growth towards the next +1 of the limit. */
  credit: number
  readonly queue: Waiter[]
}

/**
 * At most `max` requests in flight per origin; the others wait in arrival
 * order. A sign that the server is struggling (429, 502–504, a refused or
 * reset connection, a timeout) halves that origin's limit, once per flight
 * of requests; answers that come back fine raise it again by one per
 * limit's worth of answers, up to `max`. So a small staging server that
 * starts refusing gets fewer requests at once, not a storm of them.
 */
export class HostGate {
  readonly #hosts = new Map<string, HostState>()

  constructor(
    readonly max: number,
    private readonly onLimit?: (origin: string, limit: number) => void
  ) {}

  /** The limit an origin has now. */
  limitOf(origin: string): number {
    return this.#hosts.get(origin)?.limit ?? this.max
  }

  /** Waits for a free place; rejects with the signal's reason if aborted. */
  async enter(origin: string, signal?: AbortSignal): Promise<GateExit> {
    const host = this.#host(origin)
    signal?.throwIfAborted()
    // A waiter is counted in by #admit, when its turn comes.
    if (host.active < host.limit && host.queue.length === 0) host.active += 1
    else await this.#wait(host, signal)
    const epoch = host.epoch
    let exited = false
    return outcome => {
      if (exited) return
      exited = true
      host.active -= 1
      this.#adjust(origin, host, outcome, epoch)
      this.#admit(host)
    }
  }

  #host(origin: string): HostState {
    let host = this.#hosts.get(origin)
    if (!host) {
      host = { limit: this.max, active: 0, epoch: 0, credit: 0, queue: [] }
      this.#hosts.set(origin, host)
    }
    return host
  }

  #wait(host: HostState, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = host.queue.indexOf(waiter)
        if (at >= 0) host.queue.splice(at, 1)
        reject(signal?.reason)
      }
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      host.queue.push(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  #adjust(
    origin: string,
    host: HostState,
    outcome: GateOutcome,
    epoch: number
  ): void {
    if (outcome === 'strained' && epoch === host.epoch && host.limit > 1) {
      host.limit = Math.max(1, Math.floor(host.limit / 2))
      host.epoch += 1
      host.credit = 0
      this.onLimit?.(origin, host.limit)
    } else if (outcome === 'ok' && host.limit < this.max) {
      host.credit += 1 / host.limit
      if (host.credit >= 1) {
        host.credit = 0
        host.limit += 1
      }
    }
  }

  #admit(host: HostState): void {
    while (host.active < host.limit && host.queue.length > 0) {
      host.active += 1
      host.queue.shift()?.admit()
    }
  }
}
