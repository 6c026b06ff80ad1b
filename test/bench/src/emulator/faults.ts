/** What goes wrong with a request. */
export type FaultKind =
  /** Answer with this 5xx instead of running the handler. */
  | { kind: 'status'; status: 500 | 502 | 503 }
  /**
   * 403 with GitHub's secondary-rate-limit message and retry-after (the
   * emulator's default when omitted; `null` sends no retry-after at all).
   */
  | { kind: 'secondary-rate-limit'; retryAfter?: number | null }
  /** 429 with the secondary-rate-limit message and retry-after (as above). */
  | { kind: 'too-many-requests'; retryAfter?: number | null }
  /**
   * 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0`: the
   * hourly quota used up, resetting `resetInSeconds` from now (default 3600).
   */
  | { kind: 'primary-rate-limit'; resetInSeconds?: number }
  /** 502 with the HTML page GitHub's front end sends, not JSON. */
  | { kind: 'html-502' }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Wait, then answer normally. */
  | { kind: 'slow'; ms: number }
  /** Run the handler (the write lands in state), then answer 502. */
  | { kind: 'applied-then-502' }
  /** Run the handler (the write lands in state), then destroy the socket. */
  | { kind: 'applied-then-reset' }
  /** Run the handler, then send `mutate(body)`; validation still runs. */
  | { kind: 'corrupt-response'; mutate: (body: unknown) => unknown }

/** Which requests a fault hits; every given field must match. */
export interface FaultMatcher {
  method?: string
  /** A regex tested against the decoded path, or the exact decoded path. */
  path?: RegExp | string
  operationId?: string
  /** How many matching requests it hits (default 1). */
  times?: number
}

/** A fault to inject: what happens and to which requests. */
export type Fault = FaultKind & FaultMatcher

/** An injected fault; `remaining` counts down as requests consume it. */
export interface InjectedFault {
  readonly fault: Fault
  remaining: number
}

/** The request facts a fault is matched against. */
export interface FaultTarget {
  method: string
  path: string
  operationId: string | undefined
}

function matches(fault: Fault, target: FaultTarget): boolean {
  if (fault.method && fault.method.toUpperCase() !== target.method) return false
  if (fault.operationId && fault.operationId !== target.operationId)
    return false
  if (fault.path instanceof RegExp) return fault.path.test(target.path)
  return fault.path === undefined || fault.path === target.path
}

/**
 * Decides a fault for a request no queued fault matched (a seeded random
 * campaign, say); undefined lets the request through.
 */
export type FaultPolicy = (target: FaultTarget) => FaultKind | undefined

/** Faults in injection order; each request consumes the first match. */
export class FaultQueue {
  private readonly injected: InjectedFault[] = []
  private policy: FaultPolicy | undefined

  /** Consulted after the queue; undefined removes it. */
  setPolicy(policy: FaultPolicy | undefined): void {
    this.policy = policy
  }

  add(fault: Fault): InjectedFault {
    const entry = { fault, remaining: fault.times ?? 1 }
    this.injected.push(entry)
    return entry
  }

  /** Consumes and returns the first live fault matching the request. */
  take(target: FaultTarget): Fault | undefined {
    const entry = this.injected.find(
      e => e.remaining > 0 && matches(e.fault, target)
    )
    if (!entry) return this.policy?.(target)
    entry.remaining -= 1
    return entry.fault
  }

  /** Faults not yet used up. */
  pending(): InjectedFault[] {
    return this.injected.filter(e => e.remaining > 0)
  }

  clear(): void {
    this.injected.length = 0
  }
}

/** GitHub's primary rate-limit wording (the hourly quota). */
export const PRIMARY_RATE_LIMIT_MESSAGE =
  'API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID EMULATOR.'

/** What GitHub's front end answers when the API behind it is down. */
export const HTML_502_PAGE = `<!DOCTYPE html>
<html>
  <head><title>Unicorn! · GitHub</title></head>
  <body>
    <h1>No server is currently available to service your request.</h1>
    <p>Sorry about that. Please try refreshing and contact us if the problem persists.</p>
  </body>
</html>
`

/** GitHub's wording, which clients (Rehearse's request policy among them) look for. */
export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID EMULATOR.'
