import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import {
  openWorkflowRun,
  pushEvent,
  startEmulator,
  workflowDispatch
} from '@rehearse/bench'
import { assertPortsFree } from '../../packages/cli/src/demo/demo-processes.js'
import { heldLockRefs } from '../support/index.js'
import {
  answer,
  createDatabases,
  createDemoRepo,
  freePorts,
  migratedVersions,
  root
} from './demo-fixture.js'
import type { Databases, DemoPorts } from './demo-fixture.js'
import {
  githubRecords,
  inEnvironment,
  ledgerRecords,
  readLedger,
  readLocks
} from './records.js'
import type { PipelineRecords } from './records.js'
import {
  commentOnPull,
  expectCli,
  expectJob,
  startScenario,
  stopApps
} from './scenario.js'

// The example workflows users copy, run step by step on the emulator the
// way the runner runs them (bundled actions as processes, posts at the
// end of each job), on the demo app (workflows-examples/demo-app): real
// migrations, a real server per environment, real smoke checks. Each must
// leave the same deployments and stage statuses as the CLI's `rehearse run`
// and `rehearse promote` on an identical copy of the repository.
//
// Databases: one throwaway PostgreSQL database per environment and side,
// passed as the DATABASE_URL secret of the job's environment (the actions
// refuse production's embedded database) and as DATABASE_URL to the CLI,
// so both sides migrate the same kind of database.

const DATABASES = [
  'cliStaging',
  'cliProduction',
  'pushStaging',
  'pushProduction',
  'manualStaging',
  'manualProduction',
  'prStaging',
  'blueGreenStaging',
  'blueGreenProduction'
] as const

let ports: DemoPorts
let dbs: Databases<(typeof DATABASES)[number]>
/** What the CLI recorded for main (staging, then production). */
let cliMain: PipelineRecords
/** Staging's records of main and then the feature branch, by the CLI. */
let cliFeature: PipelineRecords

beforeAll(async () => {
  ports = await freePorts()
  dbs = await createDatabases(DATABASES)
  const demo = await createDemoRepo(ports)
  try {
    const staging = { DATABASE_URL: dbs.cliStaging.url }
    const production = { DATABASE_URL: dbs.cliProduction.url }
    await expectCli(['run', '--env', 'staging'], demo, staging)
    await expectCli(
      ['promote', '--from', 'staging', '--to', 'production'],
      demo,
      production
    )
    cliMain = ledgerRecords(await readLedger(demo.dir), [demo.sha])
    expect(statesOf(cliMain)).toEqual({
      [`staging ${demo.sha}`]: 'success',
      [`production ${demo.sha}`]: 'success'
    })
    await demo.repo.checkout('feature')
    await expectCli(['run', '--env', 'staging'], demo, staging)
    expect(await readLocks(demo.dir)).toEqual({})
    cliFeature = inEnvironment(
      ledgerRecords(await readLedger(demo.dir), [demo.sha, demo.featureSha]),
      'staging'
    )
    // The newer deployment of staging made the older one inactive.
    expect(statesOf(cliFeature)).toEqual({
      [`staging ${demo.sha}`]: 'inactive',
      [`staging ${demo.featureSha}`]: 'success'
    })
    await stopApps(demo, ports)
  } finally {
    await demo.dispose()
  }
})
afterAll(async () => {
  await dbs?.dropAll()
})

// rehearse/<environment>/<stage> → its latest state, by stage.
const stagesOf = (records: PipelineRecords, environment: string) =>
  Object.fromEntries(
    Object.entries(records.stages)
      .filter(([key]) => key.includes(` rehearse/${environment}/`))
      .map(([key, state]) => [key.split('/').at(-1), state])
  )

// <environment> <sha> → the deployment's latest state.
const statesOf = (records: PipelineRecords) =>
  Object.fromEntries(
    records.deployments.map(d => [`${d.environment} ${d.sha}`, d.state])
  )

const GREEN = { migrations: 'success', deploy: 'success', smoke: 'success' }

describe('workflows-examples on the emulator give what the CLI gives', () => {
  it('staging-to-production.yml: each job one step; production is migrated, deployed and smoke-tested by promote-to-prod alone', async () => {
    const s = await startScenario(ports, {
      staging: dbs.pushStaging.url,
      production: dbs.pushProduction.url
    })
    try {
      const run = await openWorkflowRun(s.options('staging-to-production.yml'))
      expectJob(await run.runJob('staging'), 'success')
      // The staging job touched nothing of production.
      expect(await migratedVersions(dbs.pushProduction)).toEqual([])
      expect(
        inEnvironment(githubRecords(s.gh, [s.demo.sha]), 'production')
      ).toEqual({ deployments: [], stages: {}, reports: {} })
      const production = await run.runJob('production')
      expectJob(production, 'success')
      expect(production.steps.map(step => step.name)).toEqual([
        'actions/checkout@v5',
        'rehearse/rehearse/actions/promote-to-prod@v0'
      ])
      const records = githubRecords(s.gh, [s.demo.sha])
      expect(stagesOf(records, 'production')).toEqual(GREEN)
      expect(await migratedVersions(dbs.pushProduction)).toEqual(['1'])
      expect(await answer(`http://127.0.0.1:${ports.production}/healthz`)).toBe(
        '200 {"status":"ok","version":"1.0.0"}'
      )
      expect(records).toEqual(cliMain)
    } finally {
      await s.close()
    }
  })

  it('promote-manually.yml, after a staging run, migrates, deploys and smoke-tests production like rehearse promote', async () => {
    const s = await startScenario(ports, {
      staging: dbs.manualStaging.url,
      production: dbs.manualProduction.url
    })
    try {
      const push = await openWorkflowRun(s.options('staging-to-production.yml'))
      expectJob(await push.runJob('staging'), 'success')
      expect(await migratedVersions(dbs.manualProduction)).toEqual([])
      const promote = await openWorkflowRun(
        s.options('promote-manually.yml', {
          event: {
            name: 'workflow_dispatch',
            payload: workflowDispatch({ inputs: { sha: s.demo.sha } })
          }
        })
      )
      expectJob((await promote.runAll())['production'], 'success')
      expect(await migratedVersions(dbs.manualProduction)).toEqual(['1'])
      const records = githubRecords(s.gh, [s.demo.sha])
      expect(stagesOf(records, 'production')).toEqual(GREEN)
      expect(records).toEqual(cliMain)
    } finally {
      await s.close()
    }
  })

  it('pr-redeploy.yml: a .deploy comment deploys the head to staging like rehearse run on that commit', async () => {
    const s = await startScenario(ports, { staging: dbs.prStaging.url })
    try {
      const { demo, gh } = s
      // Staging runs main, as after a push; then the pull request's head.
      const push = await openWorkflowRun(s.options('staging-to-production.yml'))
      expectJob(await push.runJob('staging'), 'success')
      const payload = await commentOnPull(gh, demo.featureSha, '.deploy')
      const run = await openWorkflowRun(
        s.options('pr-redeploy.yml', {
          event: { name: 'issue_comment', payload },
          github: { actor: 'alice' }
        })
      )
      const job = (await run.runAll())['redeploy']
      expectJob(job, 'success')
      expect(job?.steps.map(step => [step.name, step.conclusion])).toEqual([
        ['actions/checkout@v5', 'success'],
        ['rehearse/rehearse/actions/pr-command@v0', 'success'],
        ['actions/checkout@v5', 'success'],
        ['rehearse/rehearse/actions/deploy-to-staging@v0', 'success'],
        [expect.stringMatching(/^Run printf/), 'success']
      ])
      expect(job?.steps.at(-1)?.result?.summary).toBe(
        `feature at ${demo.featureSha} deployed to http://localhost:${ports.staging}\n`
      )
      expect(await demo.repo.head()).toBe(demo.featureSha)
      expect(
        inEnvironment(githubRecords(gh, [demo.sha, demo.featureSha]), 'staging')
      ).toEqual(cliFeature)
    } finally {
      await s.close()
    }
  })
})

/** A free port whose next two are free too: a load balancer, blue, green. */
async function freeRun(): Promise<number> {
  const listen = (port: number) =>
    new Promise<number | undefined>(resolve => {
      const server = createServer()
      server.once('error', () => resolve(undefined))
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        const bound = typeof address === 'object' && address ? address.port : 0
        server.close(() => resolve(bound))
      })
    })
  for (;;) {
    const base = (await listen(0)) ?? 0
    if (base < 65_000 && (await listen(base + 1)) && (await listen(base + 2)))
      return base
  }
}

describe('workflows-examples/blue-green.yml on the emulator', () => {
  it("runs the demo app's blue-green plan: each environment's release on the blue slot, smoke-tested there, then switched to", async () => {
    const staging = await freeRun()
    const production = await freeRun()
    const demo = await createDemoRepo({ staging, production })
    // The demo app's blue-green plan as the repository's plan, moved to
    // these ports (its load balancers on 4311 and 4321, slots + 1 and + 2).
    const plan = (
      await readFile(
        join(
          root,
          'workflows-examples/demo-app/.github/rehearse-blue-green.yml'
        ),
        'utf8'
      )
    ).replace(/\b43([12])([123])\b/g, (_, environment: string, slot: string) =>
      String((environment === '1' ? staging : production) + Number(slot) - 1)
    )
    const sha = await demo.repo.commit({
      files: { '.github/rehearse.yml': plan },
      message: 'blue-green'
    })
    const gh = await startEmulator({
      owner: 'acme',
      repo: 'widgets',
      gitDir: demo.dir
    })
    try {
      const secret = (url: string) => ({ secrets: { DATABASE_URL: url } })
      const run = await openWorkflowRun({
        file: join(root, 'workflows-examples', 'blue-green.yml'),
        workspace: demo.dir,
        event: { name: 'push', payload: pushEvent({ sha }) },
        environments: {
          staging: secret(dbs.blueGreenStaging.url),
          production: secret(dbs.blueGreenProduction.url)
        },
        env: {},
        stepTimeoutMs: 60_000,
        github: {
          apiUrl: gh.url,
          repository: 'acme/widgets',
          sha,
          ref: 'refs/heads/main'
        }
      })
      const stagingJob = await run.runJob('staging')
      expectJob(stagingJob, 'success')
      expect(stagingJob?.log).toContain(
        `All requests to blue (http://localhost:${staging + 1}): 1.0.0`
      )
      const productionJob = await run.runJob('production')
      expectJob(productionJob, 'success')
      expect(productionJob?.log).toContain(
        `All requests to blue (http://127.0.0.1:${production + 1}): 1.0.0`
      )
      const records = githubRecords(gh, [sha])
      expect(stagesOf(records, 'production')).toEqual(GREEN)
      expect(
        records.deployments.map(d => [
          d.environment,
          d.state,
          (d.payload['release'] as { slot?: string } | undefined)?.slot
        ])
      ).toEqual([
        ['production', 'success', 'blue'],
        ['staging', 'success', 'blue']
      ])
      // Users reach the release through the load balancer: on blue now.
      const balancer = `http://127.0.0.1:${production}`
      expect(await answer(`${balancer}/healthz`)).toBe(
        '200 {"status":"ok","version":"1.0.0"}'
      )
      expect(await answer(`${balancer}/_balancer`)).toContain(
        `"live":{"url":"http://127.0.0.1:${production + 1}"}`
      )
      expect(await migratedVersions(dbs.blueGreenProduction)).toEqual(['1'])
      expect(gh.violations).toEqual([])
      expect(heldLockRefs(gh)).toEqual([])
    } finally {
      await demo.dispose()
      await gh.close()
    }
    await assertPortsFree([staging, staging + 1, production, production + 1])
  })
})
