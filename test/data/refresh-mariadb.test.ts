import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  brokenForeignKeys,
  createShopPair,
  dumpTables
} from './data-fixture.js'
import type { ShopPair } from './data-fixture.js'
import { findLeaks } from './leak-scan.js'

// The same done-when on MariaDB: InnoDB, one transaction with the foreign
// key checks off for the load and the orphan count in their place.

describe('refresh-data on MariaDB', () => {
  let shop: ShopPair

  beforeAll(async () => {
    shop = await createShopPair('mysql', {
      users: 200,
      products: 30,
      ordersPerUser: 2
    })
  })
  afterAll(async () => shop?.drop())

  it('refreshes staging from production, and no masked source value appears anywhere in the target', async () => {
    const outcome = await shop.refresh()
    expect([outcome.status, outcome.receipt.message]).toEqual([
      'success',
      undefined
    ])
    expect(outcome.receipt).toMatchObject({ orphans: 0, leak: { matches: 0 } })
    expect(await findLeaks(shop.source, shop.target, 'mysql')).toEqual([])
  })

  it('keeps every foreign key valid after subsetting', async () => {
    expect(await brokenForeignKeys(shop.target, 'mysql')).toEqual([])
    const [users] = await shop.target.query<{ n: number }>(
      'select count(*) as n from users'
    )
    expect(Number(users?.n)).toBeGreaterThan(40)
    expect(Number(users?.n)).toBeLessThan(150)
  })

  it('gives the same target for the same seed', async () => {
    const first = await dumpTables(shop.target, 'mysql')
    expect((await shop.refresh()).status).toBe('success')
    expect(await dumpTables(shop.target, 'mysql')).toEqual(first)
  })

  it('blocks the next refresh when a source table gains an unmasked email column, naming it, and leaves the target as it was', async () => {
    for (const db of [shop.source, shop.target])
      await db.query('alter table orders add column email varchar(200)')
    await shop.source.query(
      `update orders set email = concat('buyer', id, '@prod-mail.test') where id % 5 = 0`
    )
    const before = await dumpTables(shop.target, 'mysql')
    const outcome = await shop.refresh()
    expect([outcome.status, outcome.reason]).toEqual([
      'blocked',
      'data_unmasked_columns'
    ])
    expect(outcome.receipt.coverage.blocked).toEqual(['orders.email'])
    expect(outcome.receipt.message).toContain('orders.email')
    expect(await dumpTables(shop.target, 'mysql')).toEqual(before)
  })
})
