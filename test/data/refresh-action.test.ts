import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createGitRepo, runAction, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo, RunActionResult } from '@rehearse/bench'
import { checkDataReceipt, findDataReceipt } from '@rehearse/data'
import {
  createGitHubLedger,
  createGitHubLocks,
  createOctokit
} from '@rehearse/github'
import { createShopPair, KEY, planText } from './data-fixture.js'
import type { ShopPair } from './data-fixture.js'

// The real bundle (dist/refresh-data) as a process, as a runner runs it,
// against the GitHub emulator and real PostgreSQL databases.

const root = join(import.meta.dirname, '..', '..')

describe('the refresh-data action', () => {
  let shop: ShopPair
  let repo: GitRepo
  let gh: Emulator
  let sha: string
  let result: RunActionResult

  beforeAll(async () => {
    shop = await createShopPair('postgres', {
      users: 80,
      products: 10,
      ordersPerUser: 2
    })
    repo = await createGitRepo()
    sha = await repo.commit({
      files: {
        '.github/rehearse.yml': planText(planTextData()),
        'db/.keep': ''
      },
      message: 'plan'
    })
    gh = await startEmulator({
      owner: 'acme',
      repo: 'widgets',
      gitDir: repo.dir
    })
    result = await runAction({
      actionDir: join(root, 'actions', 'refresh-data'),
      inputs: {
        environment: 'staging',
        'source-url': shop.source.url,
        'database-url': shop.target.url
      },
      github: { apiUrl: gh.url, workspace: repo.dir, sha },
      env: { REHEARSE_DATA_KEY: KEY },
      timeoutMs: 60_000,
      keepTemp: true
    })
  })
  afterAll(async () => {
    await gh?.close()
    if (result?.tempDir)
      rmSync(result.tempDir, { recursive: true, force: true })
    await repo?.dispose()
    await shop?.drop()
  })

  const github = () => {
    const octokit = createOctokit({ token: 'test-token', baseUrl: gh.url })
    return {
      ledger: createGitHubLedger({
        octokit,
        owner: 'acme',
        repo: 'widgets',
        logUrl: undefined
      }),
      locks: createGitHubLocks({ octokit, owner: 'acme', repo: 'widgets' })
    }
  }

  it('refreshes, logging each table and the progress, with outputs and a summary table per table', () => {
    expect([result.main.exitCode, result.post?.outcome]).toEqual([0, 'success'])
    expect(result.annotations.filter(a => a.level === 'error')).toEqual([])
    expect(result.main.log).toMatch(/users: \d+ rows \(6\/6 tables\)/)
    expect(result.outputs).toMatchObject({ tables: '6', reason: '' })
    expect(Number(result.outputs.rows)).toBeGreaterThan(50)
    const receipt = JSON.parse(
      readFileSync(result.outputs.receipt ?? '', 'utf8')
    ) as { status: string }
    expect(receipt.status).toBe('success')
    expect(result.summary).toContain('| users |')
    expect(result.summary).toMatch(/fake:email, fake:name, hash, fake:date/)
  })

  it('posts rehearse/staging/data and keeps the receipt the gate reads, and gives the lock back', async () => {
    const { ledger, locks } = github()
    const stages = await ledger.readStages(sha)
    expect(stages.map(s => [s.environment, s.stage, s.state])).toEqual([
      ['staging', 'data', 'success']
    ])
    const receipt = await findDataReceipt(ledger, 'staging', sha)
    const finding = checkDataReceipt({
      receipt,
      policy: { maxAgeDays: 7, requireRules: false },
      now: new Date(),
      migrationsHead: '3'
    })
    expect(finding).toMatchObject({ ok: true })
    expect(await locks.read('staging')).toBeUndefined()
  })

  it("lets promote-to-prod through on staging's fresh receipt, saying so in its gate", async () => {
    const run = (action: string, inputs: Record<string, string>) =>
      runAction({
        actionDir: join(root, 'actions', action),
        inputs,
        github: { apiUrl: gh.url, workspace: repo.dir, sha },
        timeoutMs: 60_000
      })
    const staged = await run('deploy-to-staging', {
      'database-url': shop.target.url
    })
    expect(staged.main.exitCode).toBe(0)
    // Production's database in this world is the replica's primary.
    const promoted = await run('promote-to-prod', {
      'database-url': shop.source.url
    })
    expect(promoted.annotations.filter(a => a.level === 'error')).toEqual([])
    expect(promoted.main.exitCode).toBe(0)
    expect(promoted.summary).toMatch(
      /staging(?:'|&#39;)s data: snapshot 0\.0 days old, \d+ masked columns, leak probe clean/
    )
  })

  it('writes neither a database URL nor the masking key anywhere', () => {
    const everything = [
      result.log,
      result.summary,
      readFileSync(result.outputs.receipt ?? '', 'utf8')
    ].join('\n')
    expect(everything).not.toContain(KEY)
    expect(everything).not.toContain(shop.source.url)
    expect(existsSync(result.outputs.receipt ?? '')).toBe(true)
  })
})

function planTextData(): string {
  return `data:
  source-url-env: PRODUCTION_REPLICA_URL
  seed: 7
  gate: { max-age-days: 7 }
  tables:
    users:
      subset: { percent: 30 }
      columns:
        email: fake
        full_name: fake
        phone: hash
        birth_date: fake
        plan: keep
    addresses:
      columns: { street: fake, city: fake, zip: { fake: postcode } }
    orders:
      columns: { note: null }
    login_events:
      columns: { ip_address: fake }
`
}
