/** `smoke` as written in the plan, after the JSON Schema accepted it. */
export interface RawTimeouts {
  'connect-ms'?: number
  'read-ms'?: number
}

export interface RawCapture {
  json?: string
  header?: string
  regex?: string
  secret?: boolean
}

export interface RawCheck {
  name: string
  path: string
  method?: string
  headers?: Record<string, string>
  body?: unknown
  flow?: string
  /** Flags of `smoke.flags`: one run per combination of their variants. */
  variants?: string[]
  capture?: Record<string, RawCapture>
  expect?: {
    status?: number | number[]
    'body-contains'?: string | string[]
    'body-matches'?: string
    json?: Record<string, unknown>
    headers?: Record<string, string | boolean>
    'max-latency-ms'?: number
  }
  samples?: number
  retries?: number
  timeouts?: RawTimeouts
}

/** A flag of `smoke.flags`: one selector, and variant name → value. */
export interface RawFlag {
  header?: string
  cookie?: string
  query?: string
  variants: Record<string, string | number | boolean>
}

export interface RawSmoke {
  checks?: RawCheck[]
  flags?: Record<string, RawFlag>
  concurrency?: number
  timeouts?: RawTimeouts
  'wait-for-healthy'?: {
    'deadline-seconds'?: number
    'initial-backoff-ms'?: number
    'max-backoff-ms'?: number
  }
  tls?: { 'warn-days'?: number; 'error-days'?: number; 'ca-file'?: string }
  baseline?: { 'max-p95-ratio'?: number; 'min-slowdown-ms'?: number }
  'max-body-bytes'?: number
}

/** The defaults the schema's descriptions promise. */
export const DEFAULTS = {
  // Checks, and requests to one host, at once: 100 checks take about three
  // times one; the host gate halves it when the server struggles.
  concurrency: 64,
  connectMs: 5_000,
  readMs: 10_000,
  deadlineSeconds: 120,
  initialBackoffMs: 500,
  maxBackoffMs: 10_000,
  warnDays: 30,
  errorDays: 3,
  maxP95Ratio: 1.5,
  minSlowdownMs: 5,
  maxBodyBytes: 1_048_576
} as const
