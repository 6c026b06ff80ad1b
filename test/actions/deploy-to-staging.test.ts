import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findNode24 } from '@rehearse/bench'
import { heldLockRefs } from '../support/index.js'
import { startPipeline } from './pipeline-fixture.js'
import type { Pipeline } from './pipeline-fixture.js'

let p: Pipeline
beforeEach(async () => {
  p = await startPipeline()
})
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
})

const deployments = () => p.gh.state.deployments
const statusesOf = (id: number) =>
  p.gh.state.deploymentStatuses
    .filter(s => s.deploymentId === id)
    .map(s => s.state)
const commitStatuses = (context: string) =>
  p.gh.state.commitStatuses.filter(s => s.context === context).map(s => s.state)

describe('deploy-to-staging', () => {
  it('runs the plan and records one deployment with the fingerprint', async () => {
    const result = await p.run('deploy-to-staging')
    expect(result.main.exitCode).toBe(0)
    expect(result.log).toContain(
      `building ghcr.io/acme/shop:${p.sha} for staging`
    )
    expect(result.log).toContain(
      `applying ${p.sha} with 1 replicas to https://staging.example.com`
    )

    expect(deployments()).toHaveLength(1)
    const [deployment] = deployments()
    expect(deployment).toMatchObject({
      ref: p.sha,
      sha: p.sha,
      environment: 'staging',
      autoMerge: false,
      requiredContexts: [],
      productionEnvironment: false
    })
    expect(deployment?.payload).toMatchObject({
      rehearse: 1,
      fingerprint: result.outputs.fingerprint,
      variables: ['LOG_LEVEL', 'REPLICAS']
    })
    expect(statusesOf(deployment?.id ?? 0)).toEqual(['in_progress', 'success'])
    expect(commitStatuses('rehearse/staging/deploy')).toEqual([
      'pending',
      'success'
    ])
    expect(result.outputs).toEqual({
      'deployment-id': String(deployment?.id),
      'environment-url': 'https://staging.example.com',
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      sha: p.sha,
      reason: ''
    })
    // The lock it took for the job is given back by its post step.
    expect(heldLockRefs(p.gh)).toEqual([])
    expect(result.summary).toContain('| Build | ✅ success |')
    expect(result.summary).toContain('```mermaid')
  })

  it('deploys the same way on Node 24, the runtime GitHub uses', async () => {
    const result = await p.run('deploy-to-staging', {}, { node: findNode24() })
    expect(result.main.exitCode).toBe(0)
    expect(deployments()).toHaveLength(1)
    expect(statusesOf(deployments()[0]?.id ?? 0)).toEqual([
      'in_progress',
      'success'
    ])
  })

  it('reuses the deployment on a re-run instead of creating another', async () => {
    await p.run('deploy-to-staging')
    const again = await p.run(
      'deploy-to-staging',
      {},
      { github: { runAttempt: 2 } }
    )
    expect(again.main.exitCode).toBe(0)
    expect(deployments()).toHaveLength(1)
    expect(again.outputs['deployment-id']).toBe(String(deployments()[0]?.id))
  })

  it('leaves exactly one deployment when the create is applied but answered 502', async () => {
    p.gh.inject({
      kind: 'applied-then-502',
      method: 'POST',
      path: '/repos/acme/widgets/deployments'
    })
    const result = await p.run('deploy-to-staging')
    expect(result.main.exitCode).toBe(0)
    expect(deployments()).toHaveLength(1)
  })

  it('refuses when the checkout is not the SHA to deploy, writing nothing', async () => {
    const other = await p.repo.commit({
      files: { 'README.md': 'x' },
      message: 'next'
    })
    await p.gh.syncRefsFromGit()
    const result = await p.run(
      'deploy-to-staging',
      {},
      { github: { sha: p.sha } }
    )
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message)).toEqual([
      `deploy-to-staging: the checked-out HEAD is ${other.slice(0, 7)} but the SHA to deploy is ${p.sha.slice(0, 7)}. Check out exactly that commit first.`
    ])
    expect(p.writes()).toEqual([])
  })

  it('refuses a bad plan with file, line and key, writing nothing', async () => {
    await writeFile(
      join(p.repo.dir, '.github/rehearse.yml'),
      'version: 1\ndeploy: []\nenvironments: { staging: {} }\n'
    )
    const result = await p.run('deploy-to-staging')
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message)).toEqual([
      'deploy-to-staging: .github/rehearse.yml:2: deploy: must list at least 1 item(s)'
    ])
    expect(result.main.log).not.toMatch(/\n\s+at /)
    expect(p.writes()).toEqual([])
  })

  it('refuses to deploy production', async () => {
    const result = await p.run('deploy-to-staging', {
      environment: 'production'
    })
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs.reason).toBe('production_environment')
    expect(p.writes()).toEqual([])
  })

  it('records a failed step as a failed deployment and status', async () => {
    await p.commit(
      { 'deploy/apply.sh': '#!/usr/bin/env bash\necho boom >&2\nexit 3\n' },
      'broken'
    )
    const result = await p.run('deploy-to-staging')
    expect(result.main.exitCode).toBe(1)
    expect(result.annotations.map(a => a.message)).toContain(
      'deploy-to-staging: deploy to staging failed in the deploy stage: Step "Apply" failed'
    )
    expect(statusesOf(deployments()[0]?.id ?? 0)).toEqual([
      'in_progress',
      'failure'
    ])
    expect(commitStatuses('rehearse/staging/deploy')).toEqual([
      'pending',
      'failure'
    ])
    expect(result.summary).toContain('| Apply | ❌ failure | 3 |')
  })

  it('leaves nothing pending or in progress when cancelled mid-step', async () => {
    await p.commit(
      { 'deploy/apply.sh': '#!/usr/bin/env bash\necho started\nsleep 30\n' },
      'slow'
    )
    const result = await p.run(
      'deploy-to-staging',
      {},
      { cancel: { whenLine: /started/ } }
    )
    expect(result.cancelled).toBe(true)
    expect(statusesOf(deployments()[0]?.id ?? 0).at(-1)).toBe('error')
    expect(commitStatuses('rehearse/staging/deploy').at(-1)).toBe('error')
  })

  it('cleans up in post when the runner had to kill the job', async () => {
    await p.commit(
      { 'deploy/apply.sh': '#!/usr/bin/env bash\necho started\nsleep 5\n' },
      'slow'
    )
    const result = await p.run(
      'deploy-to-staging',
      {},
      {
        cancel: { whenLine: /started/ },
        killGraceMs: { sigintMs: 0, sigtermMs: 0 }
      }
    )
    expect(result.main.endedBy).toBe('SIGKILL')
    expect(result.post?.exitCode).toBe(0)
    expect(statusesOf(deployments()[0]?.id ?? 0).at(-1)).toBe('error')
    expect(commitStatuses('rehearse/staging/deploy').at(-1)).toBe('error')
  })

  it.each([
    [
      'an unknown key',
      'version: 1\ndeploy:\n  - run: echo\nenvironments: { staging: {} }\nstrategey: {}\n',
      '.github/rehearse.yml:5: strategey: unknown key "strategey"'
    ],
    [
      'a missing script',
      'version: 1\ndeploy:\n  - run: ./deploy/gone.sh\nenvironments: { staging: {} }\n',
      '.github/rehearse.yml:3: deploy[0].run: script "deploy/gone.sh" not found'
    ],
    [
      'an unknown required environment',
      'version: 1\ndeploy:\n  - run: echo\nenvironments:\n  staging: { requires: [qa] }\n',
      '.github/rehearse.yml:5: environments.staging.requires[0]: unknown environment "qa" (known: staging)'
    ],
    [
      'a cycle',
      'version: 1\ndeploy:\n  - run: echo\nenvironments:\n  staging: { requires: [qa] }\n  qa: { requires: [staging] }\n',
      '.github/rehearse.yml:5: environments.staging.requires: requires form a cycle'
    ],
    [
      'a staging value pointing at production',
      'version: 1\ndeploy:\n  - run: echo\nenvironments:\n  staging: { env: { API: "https://api.example.com" } }\n  production: { url: "https://api.example.com" }\n',
      'environments.staging.env.API mentions production host "api.example.com"'
    ]
  ])(
    'refuses %s through the bundle, exits non-zero and writes nothing',
    async (_case, plan, expected) => {
      await writeFile(join(p.repo.dir, '.github/rehearse.yml'), plan)
      const result = await p.run('deploy-to-staging')
      expect(result.main.exitCode).toBe(1)
      const errors = result.annotations.filter(a => a.level === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]?.message).toContain(expected)
      expect(result.main.log).not.toMatch(/\n\s+at /)
      expect(p.writes()).toEqual([])
    }
  )
})
