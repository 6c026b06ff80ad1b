import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it
} from '@jest/globals'
import {
  deploymentRequest,
  expectNoViolations,
  LOG_URL,
  ledgerOf,
  payload,
  startBench,
  stopBench
} from './helpers.js'
import type { Bench } from './helpers.js'

let bench: Bench
const shas: string[] = []

beforeAll(async () => {
  bench = await startBench()
  shas.push(bench.initial)
  for (const n of [2, 3, 4]) {
    shas.push(
      await bench.repo.commit({
        files: { 'app.txt': `release ${n}\n` },
        message: `Release ${n}`
      })
    )
  }
})
afterAll(() => stopBench(bench))
afterEach(() => expectNoViolations(bench.gh))

function sha(index: number): string {
  const value = shas[index]
  if (!value) throw new Error(`no commit ${index}`)
  return value
}

function statusBodies(deploymentId: string) {
  return bench.gh
    .requestsFor('repos/create-deployment-status')
    .filter(r => r.path.endsWith(`/deployments/${deploymentId}/statuses`))
    .map(r => r.body)
}

describe('deployment states', () => {
  it('moves in_progress → success with log_url, environment_url and auto_inactive', async () => {
    const ledger = ledgerOf(bench)
    const { id } = await ledger.ensureDeployment(
      deploymentRequest(sha(0), 'states')
    )
    await ledger.setDeploymentState(id, 'in_progress', {
      description: 'Deploying'
    })
    expect(await ledger.findDeployment('states', sha(0))).toMatchObject({
      id,
      state: 'in_progress'
    })
    await ledger.setDeploymentState(id, 'success', {
      environmentUrl: 'https://staging.example.com',
      description: 'Deployed'
    })
    const record = await ledger.findDeployment('states', sha(0))
    const latest = bench.gh.state.deploymentStatuses.at(-1)
    expect(record).toMatchObject({
      state: 'success',
      environmentUrl: 'https://staging.example.com',
      updatedAt: latest?.createdAt
    })
    expect(statusBodies(id)).toEqual([
      { state: 'in_progress', description: 'Deploying', log_url: LOG_URL },
      {
        state: 'success',
        description: 'Deployed',
        log_url: LOG_URL,
        environment_url: 'https://staging.example.com',
        auto_inactive: true
      }
    ])
  })

  it('truncates a long description to GitHub’s 140 characters without splitting an emoji', async () => {
    const ledger = ledgerOf(bench)
    const { id } = await ledger.ensureDeployment(
      deploymentRequest(sha(0), 'long')
    )
    await ledger.setDeploymentState(id, 'in_progress', {
      description: 'x'.repeat(300)
    })
    await ledger.setDeploymentState(id, 'failure', {
      description: '🚀'.repeat(100)
    })
    const [plain, emoji] = statusBodies(id) as { description: string }[]
    expect(plain?.description).toHaveLength(140)
    expect(plain?.description.endsWith('x…')).toBe(true)
    expect(emoji?.description).toBe(`${'🚀'.repeat(69)}…`)
  })

  it('lets a newer success make the previous one inactive, and finds the last success', async () => {
    const ledger = ledgerOf(bench)
    const deploy = async (index: number, state: 'success' | 'failure') => {
      const { id } = await ledger.ensureDeployment(
        deploymentRequest(sha(index), 'history')
      )
      await ledger.setDeploymentState(id, 'in_progress', {})
      await ledger.setDeploymentState(id, state, {})
      return id
    }
    const first = await deploy(0, 'success')
    const second = await deploy(1, 'success')
    await deploy(2, 'failure')
    expect((await ledger.findDeployment('history', sha(0)))?.state).toBe(
      'inactive'
    )
    const last = await ledger.lastSuccessfulDeployment('history')
    expect(last).toMatchObject({ id: second, sha: sha(1), state: 'success' })
    expect(last?.id).not.toBe(first)
  })

  it('lists recent deployments newest first with one status read each', async () => {
    const ledger = ledgerOf(bench)
    for (const index of [0, 1, 2, 3]) {
      await ledger.ensureDeployment(deploymentRequest(sha(index), 'recent'))
    }
    const before = bench.gh.requests.length
    const recent = await ledger.recentDeployments('recent', 2)
    const made = bench.gh.requests.slice(before).map(r => r.operationId)
    expect(recent.map(r => r.sha)).toEqual([sha(3), sha(2)])
    expect(made.sort()).toEqual([
      'repos/list-deployment-statuses',
      'repos/list-deployment-statuses',
      'repos/list-deployments'
    ])
  })

  it("names who asked for a deployment from its payload's creator, not GitHub's token user", async () => {
    const ledger = ledgerOf(bench)
    const created = await ledger.ensureDeployment(
      deploymentRequest(sha(0), 'creators', {
        payload: { ...payload, creator: 'octocat' }
      })
    )
    expect(created.creator).toBe('octocat')
    await ledger.ensureDeployment(deploymentRequest(sha(1), 'creators'))
    const [unnamed, named] = await ledger.recentDeployments('creators', 2)
    expect(named).toMatchObject({ sha: sha(0), creator: 'octocat' })
    expect(unnamed?.sha).toBe(sha(1))
    expect(unnamed).not.toHaveProperty('creator')
    expect((await ledger.findDeployment('creators', sha(0)))?.creator).toBe(
      'octocat'
    )
  })

  it('finds no last success in an environment that never succeeded', async () => {
    const ledger = ledgerOf(bench)
    const { id } = await ledger.ensureDeployment(
      deploymentRequest(sha(0), 'broken')
    )
    await ledger.setDeploymentState(id, 'error', {})
    await expect(
      ledger.lastSuccessfulDeployment('broken')
    ).resolves.toBeUndefined()
  })
})
