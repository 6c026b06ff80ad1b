import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { heldLockRefs } from '../support/index.js'
import { startPerPrBench } from './per-pr-fixture.js'
import type { PerPrBench } from './per-pr-fixture.js'

// Two pull requests, each deployed to its own preview by the bundled
// deploy-to-staging on pull_request events, then one closed: the
// `teardown` mode must remove that one and leave the other exactly as it
// was — on the REST emulator, with real processes and a real teardown
// script that appends to a log.

let b: PerPrBench
let shas: { pr7: string; pr7again: string; pr8: string }

const deploymentsOf = (environment: string) =>
  b.gh.state.deployments.filter(d => d.environment === environment)
const statesOf = (environment: string) =>
  deploymentsOf(environment).map(d =>
    b.gh.state.deploymentStatuses
      .filter(s => s.deploymentId === d.id)
      .map(s => s.state)
  )
const environments = () => b.gh.state.environments.map(e => e.name).sort()
const lastStatus = (sha: string, context: string) =>
  b.gh.state.commitStatuses
    .filter(s => s.sha === sha && s.context === context)
    .at(-1)

beforeAll(async () => {
  b = await startPerPrBench()
  const pr7 = await b.openPull(7)
  const pr8 = await b.openPull(8)
  shas = { pr7, pr8, pr7again: '' }
})
afterAll(() => b.close())

describe('per-PR environments through deploy-to-staging', () => {
  it('deploy two pull requests side by side, each at its own URL', async () => {
    const seven = await b.deploy(7, shas.pr7)
    const eight = await b.deploy(8, shas.pr8)
    expect(seven.main.exitCode).toBe(0)
    expect(eight.main.exitCode).toBe(0)
    expect(seven.outputs['environment-url']).toBe(
      'https://pr-7.preview.example.com'
    )
    expect(eight.outputs['environment-url']).toBe(
      'https://pr-8.preview.example.com'
    )
    expect(seven.log).toContain(
      `applying ${shas.pr7} with 1 replicas to https://pr-7.preview.example.com`
    )
    for (const [environment, sha] of [
      ['preview/pr-7', shas.pr7],
      ['preview/pr-8', shas.pr8]
    ] as const) {
      expect(deploymentsOf(environment)).toEqual([
        expect.objectContaining({ sha, transientEnvironment: true })
      ])
      expect(statesOf(environment)).toEqual([['in_progress', 'success']])
      expect(lastStatus(sha, `rehearse/${environment}/deploy`)?.state).toBe(
        'success'
      )
    }
    expect(environments()).toEqual(['preview/pr-7', 'preview/pr-8'])
    expect(heldLockRefs(b.gh)).toEqual([])
    expect(b.gh.violations).toEqual([])
  })

  it('replace only their own release on a push; auto_inactive never reaches the other', async () => {
    shas.pr7again = await b.push(7)
    const again = await b.deploy(7, shas.pr7again)
    expect(again.main.exitCode).toBe(0)
    expect(statesOf('preview/pr-7')).toEqual([
      ['in_progress', 'success', 'inactive'],
      ['in_progress', 'success']
    ])
    expect(statesOf('preview/pr-8')).toEqual([['in_progress', 'success']])
    expect(b.gh.violations).toEqual([])
  })

  it('tear down the closed one only: its script once, its deployments inactive, its environment deleted', async () => {
    const from = b.gh.requests.length
    const closed = await b.teardown(7)
    expect(closed.main.exitCode).toBe(0)
    expect(await b.teardowns()).toEqual([
      `preview/pr-7 ${shas.pr7again} https://pr-7.preview.example.com preview_7`
    ])
    expect(statesOf('preview/pr-7')).toEqual([
      ['in_progress', 'success', 'inactive'],
      ['in_progress', 'success', 'inactive']
    ])
    expect(statesOf('preview/pr-8')).toEqual([['in_progress', 'success']])
    expect(environments()).toEqual(['preview/pr-8'])
    expect(
      lastStatus(shas.pr7again, 'rehearse/preview/pr-7/teardown')
    ).toMatchObject({
      state: 'success',
      description: expect.stringMatching(
        /^Torn down at .* \(#7 closed\): 1 deployment\(s\) inactive, environment deleted$/
      )
    })
    expect(closed.outputs.reason).toBe('')
    expect(closed.summary).toContain('### Teardown · preview/pr-7')
    // Nothing of the other pull request was written to, or even read.
    const others = deploymentsOf('preview/pr-8').map(
      d => `/deployments/${d.id}`
    )
    const touched = b.gh.requests
      .slice(from)
      .filter(
        r =>
          others.some(path => r.path.includes(path)) ||
          JSON.stringify([r.path, r.query, r.body]).includes('pr-8')
      )
    expect(touched).toEqual([])
    expect(heldLockRefs(b.gh)).toEqual([])
    expect(b.gh.violations).toEqual([])
  })

  it('run nothing again when the closed event comes twice', async () => {
    const twice = await b.teardown(7)
    expect(twice.main.exitCode).toBe(0)
    expect(twice.log).toContain('Nothing to tear down: torn down before')
    expect(await b.teardowns()).toHaveLength(1)
    expect(b.gh.violations).toEqual([])
  })

  it('mark the deployments inactive and say why when GITHUB_TOKEN may not delete the environment', async () => {
    b.gh.state.denyEnvironmentDeletes = true
    try {
      const closed = await b.teardown(8)
      expect(closed.main.exitCode).toBe(0)
      expect(await b.teardowns()).toEqual([
        `preview/pr-7 ${shas.pr7again} https://pr-7.preview.example.com preview_7`,
        `preview/pr-8 ${shas.pr8} https://pr-8.preview.example.com preview_8`
      ])
      expect(statesOf('preview/pr-8')).toEqual([
        ['in_progress', 'success', 'inactive']
      ])
      expect(environments()).toEqual(['preview/pr-8'])
      expect(closed.log).toContain('administration: write')
      expect(closed.summary).toContain('administration: write')
      expect(
        closed.main.annotations.filter(a => a.level === 'warning')
      ).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(
            'GitHub refused to delete the environment preview/pr-8 (403)'
          )
        })
      ])
    } finally {
      b.gh.state.denyEnvironmentDeletes = false
    }
    expect(b.gh.violations).toEqual([])
  })

  it('refuse to tear down an environment that is not per-PR', async () => {
    const result = await b.teardown(7, 'staging')
    expect(result.main.exitCode).toBe(1)
    expect(result.outputs.reason).toBe('not_per_pr')
    expect(result.summary).toContain('teardown refused')
    expect(await b.teardowns()).toHaveLength(2)
  })
})
