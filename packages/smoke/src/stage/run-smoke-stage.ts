import { findPreviousBaseline } from '../baseline/find-baseline.js'
import { Redactor } from '../redact.js'
import { renderSmokeSummary } from '../report/render-summary.js'
import type { BaselineInfo } from '../types.js'
import { measure } from './measure.js'
import { prepareSmoke } from './prepare.js'
import type { Prepared } from './prepare.js'
import { describeOutcome, keepReport, setStage } from './record.js'
import type { SmokeDeps, SmokeOutcome, SmokeRequest } from './types.js'

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

const STATE = {
  passed: ['success', 'success'],
  failed: ['failure', 'failure'],
  cancelled: ['error', 'cancelled']
} as const

/**
 * Checks everything `runSmokeStage` would refuse (plan, URL, secrets, CA and
 * baseline files, TLS settings) without posting or requesting anything, so
 * a caller can refuse before it deploys. Throws a ConfigurationError.
 */
export function validateSmokeStage(
  request: SmokeRequest,
  deps: Pick<SmokeDeps, 'baseEnv'>
): void {
  prepareSmoke({ ...request, env: deps.baseEnv })
}

/**
 * The smoke-test stage for one environment and SHA: validates the plan's
 * checks, posts `rehearse/<env>/smoke` pending, waits for healthy, runs the
 * checks, verifies the certificate, compares latency with the previous
 * release, keeps the report with the deployment and posts the final state,
 * which is never left pending (an unexpected error posts `error`).
 * Configuration problems throw a ConfigurationError before anything is posted.
 */
export async function runSmokeStage(
  request: SmokeRequest,
  deps: SmokeDeps
): Promise<SmokeOutcome> {
  const prepared = prepareSmoke({ ...request, env: deps.baseEnv })
  const redactor = new Redactor(value => deps.reporter.mask(value))
  for (const name of prepared.config.envNames)
    redactor.add(deps.baseEnv[name] ?? '')
  const count = prepared.config.checks.length
  await setStage(deps, request, 'pending', `Smoke-testing ${count} check(s)…`)
  let finished = false
  try {
    const baseline = await chooseBaseline(prepared, request, deps)
    const report = await measure(prepared, request, deps, redactor, baseline)
    const summary = redactor.redact(renderSmokeSummary(report))
    const description = redactor.redact(describeOutcome(report))
    if (report.outcome !== 'cancelled')
      await keepReport(deps, request, report, summary)
    const [state, status] = STATE[report.outcome]
    await setStage(deps, request, state, description)
    finished = true
    return {
      status,
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
  } finally {
    if (!finished) await postError(deps, request)
  }
}

// The error that stopped the run matters more than a failure to record it.
async function postError(
  deps: SmokeDeps,
  request: SmokeRequest
): Promise<void> {
  try {
    await setStage(
      deps,
      request,
      'error',
      'Stopped by an error before the smoke test finished'
    )
  } catch (error) {
    deps.reporter.warning(
      `could not post rehearse/${request.environment}/smoke: ${(error as Error).message}`
    )
  }
}
