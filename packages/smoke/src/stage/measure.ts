import { compareWithBaseline } from '../baseline/compare-baseline.js'
import { CertificateLog, evaluateCertificate } from '../http/certificates.js'
import { createHttpClient } from '../http/http-client.js'
import type { Redactor } from '../redact.js'
import { buildReport } from '../report/report-data.js'
import type { SmokeReport } from '../report/report-data.js'
import { runChecks } from '../run/run-checks.js'
import type { BaselineInfo, CheckResult } from '../types.js'
import type { Prepared } from './prepare.js'
import type { SmokeDeps, SmokeRequest } from './types.js'

/** Runs the checks through one client, recording certificates on the way. */
async function checkAll(
  prepared: Prepared,
  deps: SmokeDeps,
  redactor: Redactor,
  certificates: CertificateLog
): Promise<CheckResult[]> {
  const { config, base } = prepared
  const client = await createHttpClient({
    ca: prepared.ca,
    maxBodyBytes: config.maxBodyBytes,
    onCertificate: (host, certificate) => certificates.saw(host, certificate),
    onTlsFailure: (host, message) => certificates.failed(host, message),
    perHostLimit: config.concurrency,
    onLimit: (host, limit) =>
      deps.reporter.info(
        `  ${host} is struggling (429, 5xx, refused or slow): at most ${limit} request(s) at once to it from now on`
      )
  })
  try {
    return await deps.reporter.group(
      `Smoke test: ${config.checks.length} check(s) against ${base.href}`,
      () =>
        runChecks(config, {
          client,
          base,
          env: deps.baseEnv,
          redactor,
          reporter: deps.reporter,
          backoff: {
            initialMs: config.waitForHealthy.initialBackoffMs,
            maxMs: config.waitForHealthy.maxBackoffMs
          },
          random: deps.random ?? Math.random,
          signal: deps.signal
        })
    )
  } finally {
    await client.close()
  }
}

/**
 * Runs the checks, evaluates the certificate, compares with the baseline and
 * returns the report, with every secret removed.
 */
export async function measure(
  prepared: Prepared,
  request: SmokeRequest,
  deps: SmokeDeps,
  redactor: Redactor,
  baseline: BaselineInfo
): Promise<SmokeReport> {
  const { config, base } = prepared
  const startedAt = deps.clock.now()
  const started = performance.now()
  const certificates = new CertificateLog()
  const results = await checkAll(prepared, deps, redactor, certificates)
  const checks = compareWithBaseline(results, baseline, config.baseline)
  // Each check was logged as it answered; one that passed there but is
  // slower than the baseline says so too, so the log never ends on its ✅.
  checks.forEach((check, i) => {
    if (results[i]?.status === 'passed' && check.status === 'failed')
      deps.reporter.info(
        redactor.redact(`❌ ${check.name}: ${check.problems.join('; ')}`)
      )
  })
  const tls = evaluateCertificate(
    base,
    certificates,
    config.tls,
    deps.clock.now()
  )
  if (tls?.status === 'warning')
    deps.reporter.warning(`TLS certificate of ${tls.origin}: ${tls.message}`)
  const draft = buildReport({
    environment: request.environment,
    sha: request.sha,
    url: base,
    outcome: 'passed',
    startedAt,
    durationMs: performance.now() - started,
    checks,
    tls,
    baseline
  })
  const outcome =
    deps.signal?.aborted === true
      ? 'cancelled'
      : draft.failed > 0
        ? 'failed'
        : 'passed'
  // Everything Rehearse writes passes through the redactor once more.
  return JSON.parse(
    redactor.redact(JSON.stringify({ ...draft, outcome }))
  ) as SmokeReport
}
