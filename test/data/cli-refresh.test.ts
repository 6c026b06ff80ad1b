import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { createFileLedger, defaultLedgerPath, main } from '@rehearse/cli'
import { createShopPair, KEY, planText } from './data-fixture.js'
import type { ShopPair } from './data-fixture.js'

// `rehearse refresh <env>`: the same refresh as the action, from a
// laptop, recorded in the local ledger for HEAD.

describe('rehearse refresh', () => {
  let shop: ShopPair
  let repo: GitRepo

  beforeAll(async () => {
    shop = await createShopPair('postgres', {
      users: 80,
      products: 10,
      ordersPerUser: 2
    })
    repo = await createGitRepo()
    await repo.commit({
      files: {
        '.github/rehearse.yml': planText(),
        'db/.keep': '',
        '.gitignore': '.rehearse/\n'
      },
      message: 'plan'
    })
  })
  afterAll(async () => {
    await repo?.dispose()
    await shop?.drop()
  })

  it('refreshes the environment, prints each table as it is done and the masked columns, and records the receipt', async () => {
    let out = ''
    let err = ''
    const code = await main(['refresh', 'staging'], {
      cwd: repo.dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PRODUCTION_REPLICA_URL: shop.source.url,
        STAGING_DATABASE_URL: shop.target.url,
        REHEARSE_DATA_KEY: KEY
      },
      stdout: text => void (out += text),
      stderr: text => void (err += text)
    })
    expect([code, err]).toEqual([0, ''])
    expect(out).toMatch(/^ {2}users: \d+ rows \(6\/6 tables\)$/m)
    expect(out).toMatch(
      /^users +\d+ +0 +email \(fake:email\), full_name \(fake:name\), phone \(hash\)/m
    )
    expect(out).toMatch(
      /✓ data in staging: Refreshed [\d,]+ rows in 6 tables, 9 masked columns, leak probe clean/
    )
    expect(out).not.toContain(shop.source.url)
    const ledger = createFileLedger(defaultLedgerPath(repo.dir))
    const stages = await ledger.readStages(await repo.head())
    expect(stages.map(s => [s.environment, s.stage, s.state])).toEqual([
      ['staging', 'data', 'success']
    ])
  })

  it('refuses production, with the reason code', async () => {
    let err = ''
    const code = await main(['refresh', 'production'], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH, REHEARSE_DATA_KEY: KEY },
      stdout: () => undefined,
      stderr: text => void (err += text)
    })
    expect(code).toBe(1)
    expect(err).toContain('[production_environment]')
  })
})
