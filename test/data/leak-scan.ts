import type { TestDatabase } from '../migrations/databases.js'
import { MASKED } from './shop-schema.js'
import type { Dialect } from './shop-schema.js'
import { textColumns } from './data-fixture.js'

/** Every value of the masked columns in the source, as text. */
export async function maskedSourceValues(
  source: TestDatabase,
  dialect: Dialect
): Promise<Set<string>> {
  const values = new Set<string>()
  for (const [table, columns] of Object.entries(MASKED))
    for (const column of columns) {
      const expr = dialect === 'postgres' ? `${column}::text` : column
      const rows = await source.query<{ v: string }>(
        `select distinct ${expr} as v from ${table} where ${column} is not null`
      )
      for (const row of rows) values.add(String(row.v))
    }
  return values
}

/**
 * Where a masked source value sits in any text column of the target: equal
 * to a value, or (for values of 8 characters or more) inside one.
 */
export async function findLeaks(
  source: TestDatabase,
  target: TestDatabase,
  dialect: Dialect
): Promise<string[]> {
  const secrets = await maskedSourceValues(source, dialect)
  const long = [...secrets].filter(v => v.length >= 8)
  const leaks: string[] = []
  for (const [table, column] of await textColumns(target, dialect)) {
    if (table === 'rehearse_migrations') continue
    const expr = dialect === 'postgres' ? `${column}::text` : column
    const rows = await target.query<{ v: string }>(
      `select ${expr} as v from ${table} where ${column} is not null`
    )
    for (const { v } of rows) {
      const value = String(v)
      const found = secrets.has(value)
        ? value
        : long.find(secret => value.includes(secret))
      if (found) leaks.push(`${table}.${column} holds ${JSON.stringify(found)}`)
    }
  }
  return leaks
}
