import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import { Octokit } from '@octokit/rest'
import { parseStageContext, stageContext } from '../src/index.js'
import {
  expectNoViolations,
  LOG_URL,
  ledgerOf,
  OWNER,
  REPO,
  startBench,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench

beforeAll(async () => {
  bench = await startBench()
})
afterAll(() => stopBench(bench))
afterEach(() => expectNoViolations(bench.gh))

describe('stage statuses', () => {
  it('posts rehearse/<environment>/<stage> with the run log as target_url', async () => {
    const sha = await bench.repo.commit({ message: 'Stage post' })
    await ledgerOf(bench).setStage(sha, {
      environment: 'staging',
      stage: 'deploy',
      state: 'pending',
      description: 'd'.repeat(200)
    })
    const [post] = bench.gh
      .requestsFor('repos/create-commit-status')
      .filter(r => r.path.endsWith(sha))
    expect(post?.body).toMatchObject({
      context: 'rehearse/staging/deploy',
      state: 'pending',
      target_url: LOG_URL
    })
    expect((post?.body as { description: string }).description).toHaveLength(
      140
    )
  })

  it('reads every page and keeps the latest status per context', async () => {
    const sha = await bench.repo.commit({ message: 'Many statuses' })
    const ledger = ledgerOf(bench)
    const stage = (name: string, state: 'pending' | 'success' | 'failure') =>
      ledger.setStage(sha, {
        environment: 'staging',
        stage: name,
        state,
        description: `${name} ${state}`
      })
    // The oldest statuses end up on the last page.
    await stage('smoke', 'failure')
    await stage('deploy', 'pending')
    // Other tools' statuses, from another client (ours paces its writes),
    // posted concurrently to keep the test fast.
    const otherTool = new Octokit({ auth: 'test-token', baseUrl: bench.gh.url })
    await Promise.all(
      Array.from({ length: 99 }, (_, n) =>
        otherTool.rest.repos.createCommitStatus({
          owner: OWNER,
          repo: REPO,
          sha,
          state: 'success',
          context: `ci/job-${n % 5}`
        })
      )
    )
    await stage('deploy', 'success')
    const before = bench.gh.requests.length
    const stages = await ledger.readStages(sha)
    const pages = bench.gh.requests
      .slice(before)
      .filter(r => r.operationId === 'repos/list-commit-statuses-for-ref')
    expect(pages).toHaveLength(2)
    const byStage = Object.fromEntries(stages.map(s => [s.stage, s]))
    expect(stages).toHaveLength(2)
    expect(byStage.deploy).toMatchObject({
      environment: 'staging',
      state: 'success',
      description: 'deploy success'
    })
    expect(byStage.smoke).toMatchObject({ state: 'failure' })
  })

  it('reads no stages of a commit without statuses', async () => {
    await expect(ledgerOf(bench).readStages(bench.initial)).resolves.toEqual([])
  })
})

describe('stage contexts', () => {
  it('round-trips environment and stage, even with a slash in the environment', () => {
    expect(parseStageContext(stageContext('pr/7', 'smoke'))).toEqual({
      environment: 'pr/7',
      stage: 'smoke'
    })
  })

  it('ignores contexts that are not Rehearse stages', () => {
    for (const context of [
      'ci/build',
      'rehearse/',
      'rehearse/x',
      'rehearse//deploy',
      'rehearse/x/'
    ]) {
      expect(parseStageContext(context)).toBeUndefined()
    }
  })
})
