import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readDataReceipt } from '@rehearse/data'
import {
  brokenForeignKeys,
  createShopPair,
  dumpTables,
  SHA
} from './data-fixture.js'
import type { ShopPair } from './data-fixture.js'
import { findLeaks } from './leak-scan.js'

// The done-when of step 12 on a real PostgreSQL: masked values never reach
// the target, foreign keys hold after subsetting, the same seed gives the
// same target, and a new unmasked email column blocks the refresh.

describe('refresh-data on PostgreSQL', () => {
  let shop: ShopPair

  beforeAll(async () => {
    shop = await createShopPair('postgres', {
      users: 400,
      products: 40,
      ordersPerUser: 3
    })
  })
  afterAll(async () => shop?.drop())

  it('refreshes staging from production, and no masked source value appears anywhere in the target', async () => {
    const outcome = await shop.refresh()
    expect([outcome.status, outcome.receipt.message]).toEqual([
      'success',
      undefined
    ])
    expect(await findLeaks(shop.source, shop.target, 'postgres')).toEqual([])
    const [users] = await shop.target.query<{ n: string }>(
      'select count(*) as n from users'
    )
    expect(Number(users?.n)).toBeGreaterThan(100)
    expect(Number(users?.n)).toBeLessThan(300)
  })

  it('keeps every foreign key valid after subsetting, and the sequences past the copied ids', async () => {
    expect(await brokenForeignKeys(shop.target, 'postgres')).toEqual([])
    await shop.target.query(
      `insert into users (email, full_name, country, created_at) values ('new@example.com', 'New', 'GB', now())`
    )
    await shop.target.query(`delete from users where email = 'new@example.com'`)
  })

  it('adds synthetic rows up to the wanted count, unique keys intact', async () => {
    const [products] = await shop.target.query<{ n: string; skus: string }>(
      'select count(*) as n, count(distinct sku) as skus from products'
    )
    expect([Number(products?.n), Number(products?.skus)]).toEqual([60, 60])
  })

  it('records the receipt as the stage report rehearse/staging/data', async () => {
    const report = await shop.ledger.readReport(SHA, 'staging', 'data')
    const receipt = readDataReceipt(report?.data)
    expect(receipt).toMatchObject({
      status: 'success',
      orphans: 0,
      schema: { source: '3', target: '3', historyTable: 'rehearse_migrations' },
      leak: { matches: 0 }
    })
    expect(receipt?.leak.sampled).toBeGreaterThan(0)
    expect(receipt?.coverage.blocked).toEqual([])
    expect(receipt?.coverage.unruled).toContain('users.country')
    expect(receipt?.policy.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(report?.summary).toContain('| users |')
    const stages = await shop.ledger.readStages(SHA)
    expect(stages.map(s => [s.stage, s.state])).toEqual([['data', 'success']])
  })

  it('gives the same target for the same seed', async () => {
    const first = await dumpTables(shop.target, 'postgres')
    const outcome = await shop.refresh()
    expect(outcome.status).toBe('success')
    expect(await dumpTables(shop.target, 'postgres')).toEqual(first)
  })

  it('blocks the next refresh when a source table gains an unmasked email column, naming it, and leaves the target as it was', async () => {
    for (const db of [shop.source, shop.target])
      await db.query('alter table orders add column email text')
    await shop.source.query(
      `update orders set email = 'buyer' || id || '@prod-mail.test' where id % 5 = 0`
    )
    const before = await dumpTables(shop.target, 'postgres')
    const outcome = await shop.refresh()
    expect(outcome.status).toBe('blocked')
    expect(outcome.reason).toBe('data_unmasked_columns')
    expect(outcome.receipt.coverage.blocked).toEqual(['orders.email'])
    expect(outcome.receipt.message).toContain('orders.email')
    expect(await dumpTables(shop.target, 'postgres')).toEqual(before)
    const stages = await shop.ledger.readStages(SHA)
    expect(stages.map(s => [s.stage, s.state])).toEqual([['data', 'failure']])
  })
})
