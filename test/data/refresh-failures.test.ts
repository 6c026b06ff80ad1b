import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { isConfigurationError } from '@rehearse/core'
import {
  createShopPair,
  dumpTables,
  planText,
  workspaceWith
} from './data-fixture.js'
import type { ShopPair } from './data-fixture.js'
import { DATA_SECTION } from './shop-schema.js'

// A refresh that cannot finish leaves the target as it was; one that must
// not start refuses before it connects to anything.

async function refusal(
  run: Promise<unknown>
): Promise<[string | undefined, string]> {
  try {
    await run
  } catch (error) {
    if (isConfigurationError(error)) return [error.reason, error.message]
    throw error
  }
  throw new Error('expected a refusal')
}

const withRules = (extra: string) =>
  workspaceWith(planText(`${DATA_SECTION}${extra}`))

describe.each(['postgres', 'mysql'] as const)(
  'a failing refresh on %s',
  dialect => {
    let shop: ShopPair

    beforeAll(async () => {
      shop = await createShopPair(dialect, {
        users: 60,
        products: 10,
        ordersPerUser: 2
      })
    })
    afterAll(async () => shop?.drop())

    it('rolls the target back when a table fails to load, and says which', async () => {
      const before = await dumpTables(shop.target, dialect)
      const bad = withRules(
        `    order_items:\n      columns:\n        quantity: { constant: not-a-number }\n`
      )
      try {
        const outcome = await shop.refresh({
          plan: bad.plan,
          workspace: bad.workspace
        })
        expect(outcome.status).toBe('failure')
        expect(outcome.receipt.message).toMatch(
          /^copying order_items: .*rolled back/
        )
        expect(await dumpTables(shop.target, dialect)).toEqual(before)
      } finally {
        bad.remove()
      }
    })
  }
)

describe('refusals before anything is touched', () => {
  let shop: ShopPair

  beforeAll(async () => {
    shop = await createShopPair('postgres', {
      users: 30,
      products: 5,
      ordersPerUser: 1
    })
  })
  afterAll(async () => shop?.drop())

  it('refuses a production environment as the target', async () => {
    const [reason, message] = await refusal(
      shop.refresh({ environment: 'production' })
    )
    expect(reason).toBe('production_environment')
    expect(message).toContain('production')
  })

  it('refuses a target on a production host (the boundary)', async () => {
    const [reason, message] = await refusal(
      shop.refresh({
        env: {
          STAGING_DATABASE_URL:
            'postgres://app:secret@db.prod.example.com:5432/shop'
        }
      })
    )
    expect(reason).toBe('boundary_violation')
    expect(message).toContain('db.prod.example.com')
    expect(message).not.toContain('secret')
  })

  it('refuses a target that is the source', async () => {
    const [reason] = await refusal(
      shop.refresh({ env: { STAGING_DATABASE_URL: shop.source.url } })
    )
    expect(reason).toBe('boundary_violation')
  })

  it('refuses without a masking key', async () => {
    const [, message] = await refusal(
      shop.refresh({ env: { REHEARSE_DATA_KEY: '' } })
    )
    expect(message).toContain('REHEARSE_DATA_KEY')
  })

  it('refuses a rule for a column the source does not have, naming it', async () => {
    const typo = withRules(
      `    order_items:\n      columns:\n        quantitty: keep\n`
    )
    try {
      const [reason, message] = await refusal(
        shop.refresh({ plan: typo.plan, workspace: typo.workspace })
      )
      expect(reason).toBe('invalid_plan')
      expect(message).toContain('data.tables.order_items.columns.quantitty')
    } finally {
      typo.remove()
    }
  })

  it('rolls back when the leak probe finds source values in a masked column', async () => {
    // Something in staging (a trigger here) puts production's emails back.
    await shop.target.query(
      'create table leaked (id int primary key, email text)'
    )
    await shop.target.query(
      `insert into leaked (id, email) values ${Array.from({ length: 30 }, (_, i) => `(${i + 1}, '${['zebulon', 'quirinus', 'thaddeus', 'ottoline', 'perpetua', 'wilhelmina', 'bartholomew', 'cordelia'][i % 8]}.quartermaine.${i}@prod-mail.test')`).join(', ')}`
    )
    await shop.target
      .query(`create function put_back() returns trigger language plpgsql as $$
      begin new.email := coalesce((select email from leaked where leaked.id = new.id), new.email); return new; end $$`)
    await shop.target.query(
      'create trigger put_back before insert on users for each row execute function put_back()'
    )
    const before = await dumpTables(shop.target, 'postgres')
    const outcome = await shop.refresh()
    expect([outcome.status, outcome.reason]).toEqual(['failure', 'data_leak'])
    expect(
      outcome.receipt.leak.findings.map(f => `${f.table}.${f.column}`)
    ).toEqual(['users.email'])
    expect(outcome.receipt.message).not.toContain('@prod-mail.test')
    expect(await dumpTables(shop.target, 'postgres')).toEqual(before)
  })
})
