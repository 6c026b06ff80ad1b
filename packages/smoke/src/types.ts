/** Per-request limits (ms). */
export interface Timeouts {
  /** Opening the connection, TLS handshake included. */
  readonly connectMs: number
  /**
   * Until the response headers, and between two chunks of the body; the
   * whole request (redirects included) must end within connect + read.
   */
  readonly readMs: number
}

/** Where a captured value is read from in a response. */
export interface CaptureSpec {
  readonly name: string
  readonly source: 'json' | 'header' | 'regex'
  readonly expression: string
  /** Masked in logs, summary, outputs and report. */
  readonly secret: boolean
}

/** One `expect.json` entry: a path in the body and the value it must hold. */
export interface JsonExpectation {
  readonly path: string
  /** May hold `${{ … }}` references, resolved per request. */
  readonly expected: unknown
}

export interface Expectations {
  /** Accepted codes; undefined means any 2xx. */
  readonly status: readonly number[] | undefined
  readonly bodyContains: readonly string[]
  readonly bodyMatches: RegExp | undefined
  readonly json: readonly JsonExpectation[]
  /** Header name (lower case) → text it must contain, or presence. */
  readonly headers: readonly { name: string; expected: string | boolean }[]
  readonly maxLatencyMs: number | undefined
}

/** How a request selects a flag's variant. */
export type FlagSelector = 'header' | 'cookie' | 'query'

/** A flag of `smoke.flags`, validated. */
export interface SmokeFlag {
  readonly name: string
  readonly selector: FlagSelector
  /** The header (lower case), cookie or query parameter. */
  readonly key: string
  /** Variant name → the value sent, in the order written. */
  readonly variants: readonly { name: string; value: string }[]
}

/** One flag's variant, as one run of a check sends it. */
export interface FlagChoice {
  readonly flag: string
  readonly variant: string
  readonly selector: FlagSelector
  readonly key: string
  readonly value: string
}

/** Which variants one run of a check with `variants:` sends. */
export interface CheckVariant {
  /** The check's name as written (the run's name adds the label). */
  readonly check: string
  /** `new-checkout=on, theme=dark`, in the order the check lists the flags. */
  readonly label: string
  readonly choices: readonly FlagChoice[]
}

/** A check of `smoke.checks`, validated, defaults applied. */
export interface SmokeCheck {
  /** Position in `smoke.checks`. */
  readonly index: number
  readonly name: string
  readonly method: string
  /** As written: may hold `${{ … }}` references. */
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly flow: string | undefined
  readonly capture: readonly CaptureSpec[]
  readonly expect: Expectations
  readonly samples: number
  readonly retries: number
  readonly timeouts: Timeouts
  /**
   * Set on each run of a check with `variants:`; its `name` is then
   * `<check> [<label>]`, so counts, baselines and the report see one check
   * per variant.
   */
  readonly variant: CheckVariant | undefined
}

export interface WaitForHealthy {
  readonly deadlineMs: number
  readonly initialBackoffMs: number
  readonly maxBackoffMs: number
}

/** `smoke` of the plan, validated, defaults applied. */
export interface SmokeConfig {
  readonly checks: readonly SmokeCheck[]
  readonly concurrency: number
  readonly waitForHealthy: WaitForHealthy
  readonly tls: {
    readonly warnDays: number
    readonly errorDays: number
    /** Path relative to the workspace. */
    readonly caFile: string | undefined
  }
  readonly baseline: {
    readonly maxP95Ratio: number
    readonly minSlowdownMs: number
  }
  readonly maxBodyBytes: number
  /** Names of the environment variables the checks use (their values are secrets). */
  readonly envNames: readonly string[]
}

export type CheckStatus = 'passed' | 'failed' | 'skipped'

/** The latency of the previous release for one check. */
export interface BaselineComparison {
  readonly p95Ms: number
  /** Candidate p95 ÷ baseline p95. */
  readonly ratio: number
  readonly regressed: boolean
}

/** What one check did; every text already has secrets masked. */
export interface CheckResult {
  /** With variants, `<check> [<flag>=<variant>]`. */
  readonly name: string
  readonly variant: CheckVariant | undefined
  readonly method: string
  /** As written in the plan: references unresolved, so no secret shows. */
  readonly path: string
  readonly flow: string | undefined
  readonly status: CheckStatus
  /** Passed, but only after a failed attempt. */
  readonly flaky: boolean
  readonly attempts: number
  readonly statusCode: number | undefined
  /** Latency of each measured request (ms), in order. */
  readonly samplesMs: readonly number[]
  readonly p50Ms: number | undefined
  readonly p95Ms: number | undefined
  readonly budgetMs: number | undefined
  readonly baseline: BaselineComparison | undefined
  /** Why it failed or was skipped; empty when it passed. */
  readonly problems: readonly string[]
  readonly durationMs: number
}

export type TlsStatus = 'passed' | 'warning' | 'failed' | 'unchecked'

/** The certificate of an https target. */
export interface TlsResult {
  readonly origin: string
  readonly status: TlsStatus
  readonly validTo: string | undefined
  readonly daysLeft: number | undefined
  readonly subject: string | undefined
  readonly issuer: string | undefined
  readonly message: string
}

/** Which earlier run the latencies are compared with. */
export interface BaselineInfo {
  readonly source: 'previous' | 'file' | 'none'
  /** The commit of the previous release, when found. */
  readonly sha: string | undefined
  readonly file: string | undefined
  /** Found; or why not (no earlier successful deployment, unreadable…). */
  readonly note: string
  /** p95 per check name. */
  readonly p95ByCheck: Readonly<Record<string, number>>
}
