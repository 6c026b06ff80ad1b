import { afterEach, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PLAN, startPipeline } from './pipeline-fixture.js'
import type { Pipeline } from './pipeline-fixture.js'

let p: Pipeline
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  await p.close()
})

async function postStatus(sha: string, context: string, state: string) {
  const response = await fetch(
    `${p.gh.url}/repos/acme/widgets/statuses/${sha}`,
    {
      method: 'POST',
      headers: {
        authorization: 'token test',
        'content-type': 'application/json'
      },
      body: JSON.stringify({ state, context, description: `${state} by test` })
    }
  )
  expect(response.status).toBe(201)
}

const commitPlan = (plan: string) =>
  p.commit({ '.github/rehearse.yml': plan }, 'plan change')

const productionDeployments = () =>
  p.gh.state.deployments.filter(d => d.environment === 'production')
const deployStatus = (environment: string) =>
  p.gh.state.commitStatuses
    .filter(s => s.context === `rehearse/${environment}/deploy`)
    .at(-1)

async function expectRefusal(reason: string, message: RegExp) {
  const result = await p.run('promote-to-prod')
  expect(result.main.exitCode).toBe(1)
  expect(result.outputs.reason).toBe(reason)
  expect(result.annotations.map(a => a.message).join('\n')).toMatch(message)
  expect(result.summary).toContain('Gate refused promotion to production')
  expect(productionDeployments()).toEqual([])
  expect(deployStatus('production')).toMatchObject({ state: 'failure' })
  return result
}

describe('promote-to-prod', () => {
  it('promotes the rehearsed SHA with the same plan', async () => {
    p = await startPipeline()
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    const result = await p.run('promote-to-prod')
    expect(result.main.exitCode).toBe(0)
    expect(result.log).toContain(
      `applying ${p.sha} with 6 replicas to https://example.com`
    )
    expect(productionDeployments()).toHaveLength(1)
    expect(productionDeployments()[0]).toMatchObject({
      productionEnvironment: true,
      ref: p.sha
    })
    expect(deployStatus('production')).toMatchObject({ state: 'success' })
    expect(result.outputs).toMatchObject({
      'environment-url': 'https://example.com',
      reason: '',
      'rolled-back': 'false'
    })
    expect(result.outputs.fingerprint).toBe(
      (p.gh.state.deployments[0]?.payload as { fingerprint: string })
        .fingerprint
    )
    if (process.env.SHOW_SUMMARY)
      console.log(result.summary + '\n' + result.log)
    expect(result.summary).toContain('Gate passed')
    expect(result.summary).toContain('REPLICAS')
  })

  it("shows the plan's facts of both environments beside the parity table", async () => {
    p = await startPipeline({
      '.github/rehearse.yml': `${PLAN}facts:
  runtime: { run: 'echo "node 24 ($REPLICAS replicas)"' }
`
    })
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    const promoted = await p.run('promote-to-prod')
    expect(promoted.main.exitCode).toBe(0)
    expect(promoted.summary).toContain('#### Facts, read now')
    expect(promoted.summary).toMatch(
      /\| fact `runtime` \| node 24 \(1 replicas\) \| node 24 \(6 replicas\) \|/
    )
  })

  it("refuses when the plan's data gate finds no refresh of staging", async () => {
    p = await startPipeline({
      '.github/rehearse.yml': `${PLAN}data:
  source-url-env: PRODUCTION_REPLICA_URL
  gate: { max-age-days: 7 }
`
    })
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    await expectRefusal(
      'data_stale',
      /staging has no data refresh on record\. Refresh it \(refresh-data, or rehearse refresh staging\) first/
    )
  })

  it('refuses without a staging deployment of this code', async () => {
    p = await startPipeline()
    await expectRefusal(
      'no_rehearsal',
      /No deployment of [0-9a-f]{7} .* to staging exists/
    )
  })

  it('refuses when the staging deployment failed', async () => {
    p = await startPipeline({
      'deploy/apply.sh': '#!/usr/bin/env bash\nexit 1\n'
    })
    await p.run('deploy-to-staging')
    await expectRefusal(
      'rehearsal_not_successful',
      /staging deployment of [0-9a-f]{7} is failure/
    )
  })

  // Smoke checks are not part of the fingerprint, so a plan that gained
  // them after staging deployed this commit still matches: the gate then
  // finds the stage staging never ran (the workspace plays the newer plan).
  const addSmoke = () =>
    writeFile(
      join(p.repo.dir, '.github/rehearse.yml'),
      `${PLAN}smoke:\n  checks:\n    - { name: health, path: /healthz }\n`
    )

  it('refuses when a stage the plan defines has not reported', async () => {
    p = await startPipeline()
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    await addSmoke()
    await expectRefusal(
      'stage_missing',
      /rehearse\/staging\/smoke has not reported/
    )
  })

  it('refuses when a staging stage failed', async () => {
    p = await startPipeline()
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    await addSmoke()
    // e.g. a later smoke-test run of staging failed
    await postStatus(p.sha, 'rehearse/staging/smoke', 'failure')
    await expectRefusal('stage_failed', /rehearse\/staging\/smoke is failure/)
  })

  it('refuses when production would run a different plan than staging rehearsed', async () => {
    p = await startPipeline()
    await p.run('deploy-to-staging')
    // The same commit, but the workspace's plan drifted after the rehearsal.
    await writeFile(
      join(p.repo.dir, '.github/rehearse.yml'),
      PLAN.replace('timeout-minutes: 1', 'timeout-minutes: 2')
    )
    await expectRefusal('fingerprint_mismatch', /differs: steps/)
  })

  it('refuses an undeclared difference between the environments', async () => {
    p = await startPipeline()
    await commitPlan(
      PLAN.replace(
        'REPLICAS: "6", LOG_LEVEL: debug',
        'REPLICAS: "6", LOG_LEVEL: info'
      )
    )
    await p.run('deploy-to-staging')
    const result = await expectRefusal(
      'undeclared_difference',
      /differ in LOG_LEVEL without declaring it/
    )
    expect(result.summary).toMatch(/LOG_LEVEL.*debug.*info/)
  })

  it('refuses before the soak time has passed', async () => {
    p = await startPipeline()
    await commitPlan(
      PLAN.replace(
        'requires: [staging]',
        'requires: [staging]\n    soak-minutes: 30'
      )
    )
    await p.run('deploy-to-staging')
    await expectRefusal('soak_pending', /production requires 30 min of soak/)
  })

  it('refuses a SHA that is not on the default branch', async () => {
    p = await startPipeline()
    await p.repo.git('checkout', '-q', '-b', 'feature')
    p.sha = await p.repo.commit({
      files: { 'app.txt': 'v2' },
      message: 'feature'
    })
    await p.gh.syncRefsFromGit()
    await p.run('deploy-to-staging')
    await expectRefusal('not_on_default_branch', /is not on the default branch/)
  })

  it('accepts a squash merge whose tree equals the rehearsed commit', async () => {
    p = await startPipeline()
    await p.repo.git('checkout', '-q', '-b', 'feature')
    const rehearsed = await p.repo.commit({
      files: { 'app.txt': 'v2' },
      message: 'feature'
    })
    p.sha = rehearsed
    await p.gh.syncRefsFromGit()
    expect((await p.run('deploy-to-staging')).main.exitCode).toBe(0)
    await p.repo.checkout('main')
    p.sha = await p.repo.squashMerge('feature')
    await p.gh.syncRefsFromGit()
    expect(await p.repo.tree(p.sha)).toBe(await p.repo.tree(rehearsed))
    const result = await p.run('promote-to-prod')
    expect(result.main.exitCode).toBe(0)
    expect(result.summary).toContain(
      `tree-equal commit ${rehearsed.slice(0, 7)}`
    )
    expect(productionDeployments()[0]).toMatchObject({ sha: p.sha })
    // Production runs the artifact staging built and ran, not one named
    // after the merge commit, and records both commits.
    const artifact = `ghcr.io/acme/shop:${rehearsed}`
    expect(result.log).toContain(`building ${artifact} for production`)
    expect(productionDeployments()[0]?.payload).toMatchObject({
      release: { sha: p.sha, rehearsedSha: rehearsed, artifact }
    })
  })

  it('refuses a merge whose tree differs from the rehearsed commit', async () => {
    p = await startPipeline()
    await p.repo.git('checkout', '-q', '-b', 'feature')
    p.sha = await p.repo.commit({
      files: { 'app.txt': 'v2' },
      message: 'feature'
    })
    await p.gh.syncRefsFromGit()
    await p.run('deploy-to-staging')
    await p.repo.checkout('main')
    await p.repo.commit({
      files: { 'other.txt': 'x' },
      message: 'main moved on'
    })
    p.sha = await p.repo.mergeNoFf('feature')
    await p.gh.syncRefsFromGit()
    await expectRefusal(
      'no_rehearsal',
      /No deployment of [0-9a-f]{7} \(or of a commit with the same tree\)/
    )
  })
})
