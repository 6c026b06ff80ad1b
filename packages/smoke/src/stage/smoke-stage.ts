import type {
  PreparedStage,
  StageContext,
  StagePort,
  StageResult
} from '@rehearse/engine'
import { findPreviousBaseline } from '../baseline/find-baseline.js'
import { Redactor } from '../redact.js'
import { renderSmokeSummary } from '../report/render-summary.js'
import type { BaselineInfo } from '../types.js'
import { measure } from './measure.js'
import { prepareSmoke } from './prepare.js'
import type { Prepared } from './prepare.js'
import { describeOutcome, keepReport } from './record.js'
import type { SmokeDeps, SmokeOutcome, SmokeRequest } from './types.js'

/** How an entry point runs the smoke stage. */
export interface SmokeStageOptions {
  /** Overrides the environment's URL (e.g. the `url` input). */
  readonly url?: string
  /** `previous` (default), `none`, or a report JSON file of the repository. */
  readonly baseline?: string
}

/** The smoke stage of the one pipeline, and what its last run found. */
export interface SmokeStage {
  readonly port: StagePort
  outcome(): SmokeOutcome | undefined
}

const STATUS = {
  passed: 'success',
  failed: 'failure',
  cancelled: 'cancelled'
} as const

/** Whether the plan has smoke checks. */
export function definesSmoke(plan: StageContext['plan']): boolean {
  return ((plan.smoke?.checks as unknown[] | undefined) ?? []).length > 0
}

/**
 * The plan's smoke checks as a pipeline stage. Preflight compiles them and
 * resolves the URL (so the boundary can check it) and the CA and baseline
 * files; running waits for healthy, runs the checks, verifies the
 * certificate, compares latency with the previous release and keeps the
 * report with the commit.
 */
export function createSmokeStage(options: SmokeStageOptions = {}): SmokeStage {
  let last: SmokeOutcome | undefined
  const port: StagePort = {
    name: 'smoke',
    defines: definesSmoke,
    prepare: context => {
      const request: SmokeRequest = {
        plan: context.plan,
        environment: context.environment,
        sha: context.sha,
        workspace: context.workspace,
        url: options.url,
        baseline: options.baseline ?? 'previous'
      }
      const prepared = prepareSmoke({ ...request, env: context.deps.baseEnv })
      return Promise.resolve(
        toPrepared(request, prepared, options, outcome => (last = outcome))
      )
    }
  }
  return { port, outcome: () => last }
}

function toPrepared(
  request: SmokeRequest,
  prepared: Prepared,
  options: SmokeStageOptions,
  keep: (outcome: SmokeOutcome) => void
): PreparedStage {
  const environmentUrl = request.plan.environments[request.environment]?.url
  const count = prepared.config.checks.length
  return {
    // The environment's own URL is checked with the plan; only another
    // URL the stage was given is a place of its own.
    reaches:
      options.url && options.url !== environmentUrl
        ? [{ where: 'the smoke URL (input "url")', text: prepared.base.href }]
        : [],
    records: true,
    activity: `Smoke-testing ${count} check(s)…`,
    // Another URL of the same environment (an idle slot) keeps every
    // other setting; the boundary checked the environment's URLs already.
    run: async ({ deps, url }): Promise<StageResult> => {
      const base = url && !options.url ? new URL(url) : prepared.base
      const outcome = await runSmoke(request, { ...prepared, base }, deps)
      keep(outcome)
      return {
        status: outcome.status,
        description: outcome.description,
        summary: outcome.summary,
        reason: outcome.status === 'failure' ? 'smoke_failed' : undefined
      }
    }
  }
}

/** Runs the prepared checks and keeps the report; posts no status. */
export async function runSmoke(
  request: SmokeRequest,
  prepared: Prepared,
  deps: SmokeDeps
): Promise<SmokeOutcome> {
  const redactor = new Redactor(value => deps.reporter.mask(value))
  for (const name of prepared.config.envNames)
    redactor.add(deps.baseEnv[name] ?? '')
  const baseline = await chooseBaseline(prepared, request, deps)
  const report = await measure(prepared, request, deps, redactor, baseline)
  const summary = redactor.redact(renderSmokeSummary(report))
  const description = redactor.redact(describeOutcome(report))
  if (report.outcome !== 'cancelled')
    await keepReport(deps, request, report, summary)
  return {
    status: STATUS[report.outcome],
    environment: request.environment,
    sha: request.sha,
    passed: report.passed,
    failed: report.failed,
    flaky: report.flaky,
    checks: report.checks,
    tls: report.tls ?? undefined,
    baseline,
    report,
    summary,
    description
  }
}

async function chooseBaseline(
  prepared: Prepared,
  request: SmokeRequest,
  deps: SmokeDeps
): Promise<BaselineInfo> {
  if (prepared.baselineFile) return prepared.baselineFile
  if (request.baseline.trim() === 'none') {
    return {
      source: 'none',
      sha: undefined,
      file: undefined,
      note: 'none (baseline: none)',
      p95ByCheck: {}
    }
  }
  return findPreviousBaseline(
    deps.ledger,
    deps.reporter,
    request.environment,
    request.sha
  )
}
