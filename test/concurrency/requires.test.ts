import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it
} from '@jest/globals'
import type { RunActionResult } from '@rehearse/bench'
import { startPipeline } from '../actions/pipeline-fixture.js'
import type { Pipeline } from '../actions/pipeline-fixture.js'
import { createGuard, guardedPlan } from './guard.js'
import type { Guard } from './guard.js'
import {
  deploymentStates,
  deploymentsOf,
  errorsOf,
  lockRefs,
  pendingStatuses,
  stageStates
} from './records.js'

// A chain: qa rehearses staging, staging rehearses production.
const CHAIN_PLAN = guardedPlan(`  qa:
    url: https://qa.example.com
  staging:
    url: https://staging.example.com
    requires: [qa]
  production:
    url: https://example.com
    requires: [staging]`)

let p: Pipeline
let guard: Guard
beforeAll(async () => {
  guard = await createGuard()
})
beforeEach(async () => {
  await guard.reset()
  p = await startPipeline({ '.github/rehearse.yml': CHAIN_PLAN })
})
afterEach(async () => {
  expect(p.gh.violations).toEqual([])
  expect(pendingStatuses(p.gh)).toEqual([])
  expect(lockRefs(p.gh)).toEqual([])
  await p.close()
})
afterAll(() => guard.dispose())

const TIMEOUT = 120_000

function deploy(environment: string): Promise<RunActionResult> {
  return p.run('deploy-to-staging', { environment }, { env: guard.env })
}

function promote(): Promise<RunActionResult> {
  return p.run('promote-to-prod', {}, { env: guard.env })
}

const ranIn = async (environment: string) =>
  (await guard.runs()).filter(r => r.environment === environment)

const FAILED_REHEARSAL = ['rehearsal_not_successful', 'stage_failed']

describe('requires on a non-production environment (staging: {requires: [qa]})', () => {
  it(
    'staging without a qa rehearsal is refused with no_rehearsal, as production is without staging',
    async () => {
      const staging = await deploy('staging')
      expect(staging.main.exitCode).toBe(1)
      expect(staging.outputs.reason).toBe('no_rehearsal')
      expect(errorsOf(staging)).toContain(
        `No deployment of ${p.sha.slice(0, 7)} (or of a commit with the same tree) to qa exists.`
      )
      expect(p.gh.state.deployments).toEqual([])
      expect(await guard.runs()).toEqual([])
      // The refusal is on record, as production's is; nothing else.
      expect(stageStates(p.gh, p.sha, 'staging')).toEqual({ deploy: 'failure' })

      const production = await promote()
      expect(production.main.exitCode).toBe(1)
      expect(production.outputs.reason).toBe(staging.outputs.reason)
      expect(p.gh.state.deployments).toEqual([])
    },
    TIMEOUT
  )

  it(
    'once qa ran the SHA, staging deploys it',
    async () => {
      const qa = await deploy('qa')
      expect(qa.main.exitCode).toBe(0)
      const staging = await deploy('staging')
      expect(staging.main.exitCode).toBe(0)
      expect(staging.outputs.reason).toBe('')
      expect(staging.log).toContain('✓ qa deployed this code successfully')
      expect((await guard.runs()).map(r => [r.environment, r.sha])).toEqual([
        ['qa', p.sha],
        ['staging', p.sha]
      ])
      for (const environment of ['qa', 'staging']) {
        const [deployment] = deploymentsOf(p.gh, environment, p.sha)
        expect(deploymentStates(p.gh)[deployment?.id ?? 0]).toBe('success')
      }
    },
    TIMEOUT
  )

  it(
    'a failed qa deploy refuses staging with the reason a failed staging gives production',
    async () => {
      // Production's case first: staging failed on this SHA.
      expect((await deploy('qa')).main.exitCode).toBe(0)
      await guard.failIn('staging')
      const failedStaging = await deploy('staging')
      expect(failedStaging.outputs.reason).toBe('deploy_failed')
      const production = await promote()
      expect(production.main.exitCode).toBe(1)
      expect(FAILED_REHEARSAL).toContain(production.outputs.reason)

      // The same one level down, on a new SHA whose qa deploy failed.
      const sha = await p.commit({ 'app.txt': 'v2\n' }, 'next')
      await guard.failIn('qa')
      const qa = await deploy('qa')
      expect(qa.main.exitCode).toBe(1)
      expect(qa.outputs.reason).toBe('deploy_failed')
      expect(stageStates(p.gh, sha, 'qa')).toEqual({ deploy: 'failure' })
      const staging = await deploy('staging')
      expect(staging.main.exitCode).toBe(1)
      expect(staging.outputs.reason).toBe(production.outputs.reason)
      expect(deploymentsOf(p.gh, 'staging', sha)).toEqual([])
      expect((await ranIn('staging')).map(r => r.sha)).toEqual([
        // Only the first SHA's own (failed) staging deploy ever ran.
        (await ranIn('qa'))[0]?.sha
      ])
      expect(deploymentsOf(p.gh, 'production', sha)).toEqual([])
      expect(
        p.gh.state.deployments.filter(d => d.environment === 'production')
      ).toEqual([])
    },
    TIMEOUT
  )
})
