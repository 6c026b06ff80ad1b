import { afterEach, describe, expect, it } from '@jest/globals'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { stageStatus, startSmokePipeline } from './smoke-fixture.js'
import { json, startServer } from './servers.js'
import type { TestServer } from './servers.js'

let p: Pipeline
let staging: TestServer
let production: TestServer
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
  await staging.close()
  await production.close()
})

const SMOKE = `  wait-for-healthy: { deadline-seconds: 1, initial-backoff-ms: 100 }
  checks:
    - { name: health, path: /healthz, expect: { json: { ok: true } } }
`

async function rehearsed(productionStatus: number, smoke = SMOKE) {
  staging = await startServer((_request, response) =>
    json(response, 200, { ok: true })
  )
  production = await startServer((_request, response) =>
    json(response, productionStatus, { ok: productionStatus === 200 })
  )
  p = await startSmokePipeline(
    smoke,
    {},
    { staging: staging.url, production: production.url }
  )
}

async function promote() {
  expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
  expect((await p.run('smoke-test')).main.exitCode).toBe(0)
  return p.run('promote-to-prod')
}

const productionDeployments = () =>
  p.gh.state.deployments.filter(d => d.environment === 'production')

describe('promote-to-prod smoke-tests production with the same checks', () => {
  it('passes when production answers like staging did', async () => {
    await rehearsed(200)
    const result = await promote()
    expect(result.main.exitCode).toBe(0)
    expect(production.requests.map(r => r.path)).toEqual(['/healthz'])
    expect(stageStatus(p, 'production', 'deploy')?.state).toBe('success')
    expect(stageStatus(p, 'production', 'smoke')).toMatchObject({
      state: 'success',
      description: expect.stringMatching(/^1 checks passed in/)
    })
    expect(result.summary).toContain('Smoke test passed: production @')
    expect(result.outputs['rolled-back']).toBe('false')
  })

  it('fails the promotion when production fails a check', async () => {
    await rehearsed(500)
    const result = await promote()
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message)).toContain(
      'promote-to-prod: promotion to production failed in the smoke stage: 1 of 1 checks failed: health (Not rolled back: production has no earlier good release)'
    )
    expect(stageStatus(p, 'production', 'deploy')?.state).toBe('success')
    expect(stageStatus(p, 'production', 'smoke')?.state).toBe('failure')
    expect(result.summary).toContain('Smoke test failed: production @')
    expect(result.outputs['rolled-back']).toBe('false')
  })

  it('refuses before deploying when the checks could not run in production', async () => {
    await rehearsed(
      200,
      `${SMOKE}    - { name: admin, path: /admin, headers: { Authorization: "Bearer \${{ env.ADMIN_TOKEN }}" } }\n`
    )
    const result = await p.run('promote-to-prod')
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message).join('\n')).toContain(
      'environment variable(s) ADMIN_TOKEN used by the checks are not set'
    )
    expect(productionDeployments()).toEqual([])
    expect(production.requests).toEqual([])
  })
})
