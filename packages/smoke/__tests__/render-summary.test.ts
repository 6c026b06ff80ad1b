import { describe, expect, it } from '@jest/globals'
import { renderSmokeSummary } from '../src/report/render-summary.js'
import type { ReportCheck, SmokeReport } from '../src/report/report-data.js'

const check = (changes: Partial<ReportCheck>): ReportCheck => ({
  name: 'health',
  variant: null,
  method: 'GET',
  path: '/healthz',
  flow: null,
  status: 'passed',
  flaky: false,
  attempts: 1,
  statusCode: 200,
  samples: 1,
  p50Ms: 12.34,
  p95Ms: 12.34,
  latenciesMs: [12.34],
  budgetMs: 500,
  baselineP95Ms: null,
  ratio: null,
  problems: [],
  ...changes
})

const report = (
  checks: ReportCheck[],
  changes: Partial<SmokeReport> = {}
): SmokeReport => ({
  rehearse: 1,
  kind: 'smoke',
  environment: 'staging',
  sha: '0123456789abcdef0123456789abcdef01234567',
  url: 'https://staging.example.com/',
  outcome: 'passed',
  startedAt: '2026-06-01T12:00:00.000Z',
  durationMs: 1234,
  passed: checks.filter(c => c.status === 'passed').length,
  failed: checks.filter(c => c.status !== 'passed').length,
  flaky: checks.filter(c => c.flaky).length,
  baseline: {
    source: 'previous',
    sha: 'fedcba9876543210fedcba9876543210fedcba98',
    file: undefined,
    note: 'previous successful deployment fedcba9'
  },
  tls: null,
  checks,
  ...changes
})

describe('renderSmokeSummary', () => {
  it('shows a row per check with result, attempts, latency, budget and baseline', () => {
    const summary = renderSmokeSummary(
      report([
        check({}),
        check({
          name: 'search',
          path: '/search?q=x',
          samples: 20,
          p50Ms: 30,
          p95Ms: 41.5,
          baselineP95Ms: 40,
          ratio: 1.04,
          budgetMs: null
        }),
        check({
          name: 'login',
          flow: 'shop',
          flaky: true,
          attempts: 3,
          method: 'POST',
          path: '/login'
        })
      ])
    )
    expect(summary).toContain('### ✅ Smoke test passed: staging @ `0123456`')
    expect(summary).toContain(
      '3 of 3 checks passed against https://staging.example.com/ in 1.2 s · 1 flaky · baseline: previous successful deployment fedcba9'
    )
    expect(summary).toContain(
      '| health<br>GET /healthz | ✅ passed | 1 | 12.3 ms | 500 ms |  |'
    )
    expect(summary).toContain(
      '| search<br>GET /search?q=x | ✅ passed | 1 | p50 30.0 ms · p95 41.5 ms (20) |  | 40.0 ms (1.04×) |'
    )
    expect(summary).toContain(
      '| login<br>POST /login · flow shop | ⚠️ passed (flaky) | 3 |'
    )
    expect(summary).toContain(
      '  x-axis ["search"]\n  y-axis "ms" 0 --> 50\n  bar [41.5]\n  line [40.0]'
    )
    expect(summary).toContain(
      'Bars: this release. Line: the baseline (fedcba9).'
    )
  })

  it('lists the problems and the skipped checks of a failed run', () => {
    const summary = renderSmokeSummary(
      report(
        [
          check({ status: 'failed', problems: ['status 503, expected 2xx'] }),
          check({
            name: 'home',
            status: 'skipped',
            attempts: 0,
            problems: ['skipped: "health" did not pass']
          })
        ],
        {
          outcome: 'failed',
          tls: {
            origin: 'https://staging.example.com',
            status: 'failed',
            validTo: undefined,
            daysLeft: undefined,
            subject: undefined,
            issuer: undefined,
            message:
              'TLS: the certificate of staging.example.com:443 has expired'
          }
        }
      )
    )
    expect(summary).toContain('### ❌ Smoke test failed')
    expect(summary).toContain('- **health**: status 503, expected 2xx')
    expect(summary).toContain(
      '- **TLS certificate**: TLS: the certificate of staging.example.com:443 has expired'
    )
    expect(summary).toContain(
      '- 1 check(s) skipped: skipped: &#34;health&#34; did not pass'
    )
    expect(summary).toContain(
      '| TLS certificate<br>https://staging.example.com | ❌ failed |'
    )
    expect(summary).not.toContain('mermaid')
  })

  it('keeps names from the plan from breaking the table or the chart', () => {
    const summary = renderSmokeSummary(
      report([check({ name: 'a | b <img src=x> "q"', samples: 5, p95Ms: 10 })])
    )
    expect(summary).toContain(
      '| a &#124; b &#60;img src=x&#62; &#34;q&#34;<br>GET /healthz |'
    )
    expect(summary).toContain('x-axis ["a   b  img src x   q "]')
  })
})
