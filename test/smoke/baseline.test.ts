import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import {
  readReport,
  removeKeptTemp,
  runSmoke,
  stageStatus,
  startSmokePipeline
} from './smoke-fixture.js'
import { delay, json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

// The server answers /search after this many ms: the release's speed.
let searchMs = 40
let server: TestServer
let p: Pipeline
beforeAll(async () => {
  server = await startServer(async (request, response) => {
    if (request.url === '/search') await delay(searchMs)
    json(response, 200, { ok: true })
  })
  p = await startSmokePipeline(
    `  wait-for-healthy: { deadline-seconds: 0 }
  checks:
    - { name: health, path: /healthz }
    - { name: search, path: /search, samples: 20, expect: { max-latency-ms: 1000 } }
`,
    {},
    { staging: server.url }
  )
})
afterAll(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await server.close()
  await removeKeptTemp()
})

/**
 * Deploys a new release to staging (whose pipeline smoke-tests it, which
 * decides whether it is a good release), then smoke-tests it again with
 * the smoke-test action alone, for its outputs and report file.
 */
async function release(
  n: number,
  ms: number,
  expected: { deployed: boolean } = { deployed: true }
) {
  if (n > 1) await p.commit({ 'app.txt': `release ${n}` }, `release ${n}`)
  searchMs = ms
  const deployed = await p.run('deploy-to-staging')
  expect(deployed.main.exitCode).toBe(expected.deployed ? 0 : 1)
  return runSmoke(p, server.url)
}

const searchOf = (result: Awaited<ReturnType<typeof release>>) =>
  readReport(result).checks.find(check => check.name === 'search') as {
    p95Ms: number
    baselineP95Ms: number | null
    status: string
    problems: string[]
  }

describe('smoke-test latency against the previous release', () => {
  let first: Awaited<ReturnType<typeof release>>
  let firstSha: string

  it('keeps the first release’s samples with its deployment', async () => {
    first = await release(1, 40)
    firstSha = p.sha
    expect(first.main.exitCode).toBe(0)
    expect(searchOf(first)).toMatchObject({
      status: 'passed',
      baselineP95Ms: null
    })
    expect(first.summary).toContain(
      'baseline: none yet: no earlier successful deployment of staging'
    )
    expect(first.summary).toContain(
      'Bars: this release (no baseline to compare with yet).'
    )
    const run = p.gh.state.checkRuns.find(
      r => r.name === 'rehearse/staging/smoke report'
    )
    expect(run).toMatchObject({ headSha: firstSha, conclusion: 'neutral' })
  })

  it('fails a release 2× slower at p95, showing both numbers', async () => {
    const result = await release(2, 80, { deployed: false })
    expect(result.main.exitCode).toBe(1)
    const search = searchOf(result)
    expect(search.status).toBe('failed')
    expect(search.problems[0]).toMatch(
      new RegExp(
        `^p95 ${search.p95Ms.toFixed(1)} ms is \\d\\.\\d\\d× the baseline's ${searchOf(first).p95Ms.toFixed(1)} ms \\(${firstSha.slice(0, 7)}\\); the limit is 1\\.5× \\(smoke\\.baseline\\.max-p95-ratio\\)$`
      )
    )
    expect(search.p95Ms / search.baselineP95Ms!).toBeGreaterThan(1.5)
    // The log says why after the check's own line, never ending on ✅.
    expect(result.log).toContain(`❌ search: ${search.problems[0]}`)
    expect(result.summary).toContain(
      `baseline: previous successful deployment ${firstSha.slice(0, 7)}`
    )
    expect(result.summary).toContain(
      `xychart-beta\n  title "p95 latency (ms)"\n  x-axis ["search"]`
    )
    expect(result.summary).toContain(
      `  bar [${search.p95Ms.toFixed(1)}]\n  line [${search.baselineP95Ms!.toFixed(1)}]`
    )
    expect(stageStatus(p)).toMatchObject({
      state: 'failure',
      description: '1 of 2 checks failed: search'
    })
  })

  it('passes a release within the ratio, compared with the last release whose smoke test passed', async () => {
    const result = await release(3, 42)
    expect(result.main.exitCode).toBe(0)
    const search = searchOf(result)
    expect(search.baselineP95Ms).toBe(searchOf(first).p95Ms)
    expect(result.summary).toContain(
      `baseline: previous successful deployment ${firstSha.slice(0, 7)}`
    )
  })
  it('compares with a report file given as the baseline input, or with nothing', async () => {
    searchMs = 80
    const fromFile = await runSmoke(p, server.url, {
      baseline: first.outputs.report ?? ''
    })
    expect(fromFile.main.exitCode).toBe(1)
    expect(searchOf(fromFile).baselineP95Ms).toBe(searchOf(first).p95Ms)
    expect(fromFile.summary).toContain(
      `baseline: report file ${first.outputs.report}`
    )
    const none = await runSmoke(p, server.url, { baseline: 'none' })
    expect(none.main.exitCode).toBe(0)
    expect(none.summary).toContain('baseline: none (baseline: none)')
  })
})
