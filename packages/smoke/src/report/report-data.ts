import type { BaselineInfo, CheckResult, TlsResult } from '../types.js'

/** One check in the JSON report. */
export interface ReportCheck {
  /** With variants, `<check> [<flag>=<variant>]`: the baseline's key. */
  readonly name: string
  /** For one run of a check with `variants:`; null otherwise. */
  readonly variant: ReportVariant | null
  readonly method: string
  readonly path: string
  readonly flow: string | null
  readonly status: CheckResult['status']
  readonly flaky: boolean
  readonly attempts: number
  readonly statusCode: number | null
  /** How many requests were measured. */
  readonly samples: number
  readonly p50Ms: number | null
  readonly p95Ms: number | null
  readonly latenciesMs: readonly number[]
  readonly budgetMs: number | null
  readonly baselineP95Ms: number | null
  readonly ratio: number | null
  readonly problems: readonly string[]
}

/** Which variant of each flag one run of a check sent. */
export interface ReportVariant {
  /** The check's name as written in the plan. */
  readonly check: string
  /** `new-checkout=on, theme=dark`. */
  readonly label: string
  /** Flag → variant, in the order the check lists the flags. */
  readonly flags: Readonly<Record<string, string>>
}

export type SmokeResult = 'passed' | 'failed' | 'cancelled'

/**
 * The smoke test's machine-readable result: the `report` output's file, and
 * the data kept with the deployment, which the next run's baseline reads.
 */
export interface SmokeReport {
  readonly rehearse: 1
  readonly kind: 'smoke'
  readonly environment: string
  readonly sha: string
  readonly url: string
  readonly outcome: SmokeResult
  readonly startedAt: string
  readonly durationMs: number
  readonly passed: number
  readonly failed: number
  readonly flaky: number
  readonly baseline: Omit<BaselineInfo, 'p95ByCheck'>
  readonly tls: TlsResult | null
  readonly checks: readonly ReportCheck[]
}

const round = (value: number | undefined): number | null =>
  value === undefined ? null : Math.round(value * 100) / 100

function reportCheck(result: CheckResult): ReportCheck {
  return {
    name: result.name,
    variant: result.variant
      ? {
          check: result.variant.check,
          label: result.variant.label,
          flags: Object.fromEntries(
            result.variant.choices.map(c => [c.flag, c.variant])
          )
        }
      : null,
    method: result.method,
    path: result.path,
    flow: result.flow ?? null,
    status: result.status,
    flaky: result.flaky,
    attempts: result.attempts,
    statusCode: result.statusCode ?? null,
    samples: result.samplesMs.length,
    p50Ms: round(result.p50Ms),
    p95Ms: round(result.p95Ms),
    latenciesMs: result.samplesMs.map(value => round(value) ?? 0),
    budgetMs: result.budgetMs ?? null,
    baselineP95Ms: round(result.baseline?.p95Ms),
    ratio: round(result.baseline?.ratio),
    problems: result.problems
  }
}

/** Checks passed and failed, the certificate counted as one more check. */
export function countResults(
  checks: readonly CheckResult[],
  tls: TlsResult | undefined
): { passed: number; failed: number; flaky: number } {
  const tlsPassed = tls?.status === 'passed' || tls?.status === 'warning'
  const tlsFailed = tls?.status === 'failed'
  return {
    passed:
      checks.filter(check => check.status === 'passed').length +
      (tlsPassed ? 1 : 0),
    failed:
      checks.filter(check => check.status !== 'passed').length +
      (tlsFailed ? 1 : 0),
    flaky: checks.filter(check => check.flaky).length
  }
}

export function buildReport(input: {
  environment: string
  sha: string
  url: URL
  outcome: SmokeResult
  startedAt: Date
  durationMs: number
  checks: readonly CheckResult[]
  tls: TlsResult | undefined
  baseline: BaselineInfo
}): SmokeReport {
  const { p95ByCheck: _unused, ...baseline } = input.baseline
  return {
    rehearse: 1,
    kind: 'smoke',
    environment: input.environment,
    sha: input.sha,
    url: input.url.href,
    outcome: input.outcome,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    ...countResults(input.checks, input.tls),
    baseline,
    tls: input.tls ?? null,
    checks: input.checks.map(reportCheck)
  }
}

/** The report without per-request latencies, when it is too large to keep. */
export function withoutLatencies(report: SmokeReport): SmokeReport {
  return {
    ...report,
    checks: report.checks.map(check => ({ ...check, latenciesMs: [] }))
  }
}
