import { ConfigurationError } from '@rehearse/core'
import type { Value } from '../db/connection.js'
import type { Masker } from '../mask/column-masker.js'
import { fakeUuid, fitLength } from '../mask/fake-values.js'
import type { KeyedHash } from '../mask/keyed-hash.js'
import type { TablePlan } from '../policy/table-plan.js'

const TEMPLATES = 1000
const BATCH = 1000

type Maker = (template: Value, index: number, digest: Buffer) => Value

/**
 * Rows invented to reach `data.tables.<t>.rows`: each copies a copied row
 * (round robin over the first thousand), with fresh values where a unique
 * key needs them (integers past the largest copied, new UUIDs, text from
 * the row's own hash) and fresh fakes in masked columns. Foreign keys are
 * the template's, so they stay valid. The same seed makes the same rows.
 */
export class SyntheticRows {
  private readonly templates: Value[][] = []
  private readonly makers: ReadonlyArray<Maker | undefined>
  private readonly largest: Array<bigint | undefined>

  constructor(
    private readonly table: TablePlan,
    maskers: readonly Masker[],
    private readonly seed: string,
    private readonly hash: KeyedHash
  ) {
    this.largest = table.columns.map(() => undefined)
    this.makers = columnMakers(table, maskers, this.largest)
  }

  /** Sees each copied row (as written): templates and largest ids. */
  observe(row: readonly Value[]): void {
    if (this.templates.length < TEMPLATES) this.templates.push([...row])
    this.largest.forEach((max, i) => {
      const value = row[i]
      if (max === undefined || typeof value !== 'string') return
      if (/^-?\d+$/.test(value) && BigInt(value) > max)
        this.largest[i] = BigInt(value)
    })
  }

  /** `count` rows, in batches. */
  *rows(count: number): Generator<Value[][]> {
    if (count > 0 && this.templates.length === 0)
      throw new ConfigurationError(
        `data.tables.${this.table.name}.rows: no row was copied to model synthetic rows on; copy some rows of ${this.table.name} (widen its subset) first`,
        { reason: 'invalid_plan' }
      )
    let batch: Value[][] = []
    for (let i = 0; i < count; i++) {
      const template = this.templates[i % this.templates.length] as Value[]
      batch.push(
        template.map((value, c) => {
          const make = this.makers[c]
          if (!make) return value
          const name = this.table.columns[c]?.name ?? ''
          const digest = this.hash(
            `rehearse-synthetic\0${this.seed}\0${this.table.name}\0${i}\0${name}`
          )
          return make(value, i, digest)
        })
      )
      if (batch.length >= BATCH) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) yield batch
  }
}

function columnMakers(
  table: TablePlan,
  maskers: readonly Masker[],
  largest: Array<bigint | undefined>
): Array<Maker | undefined> {
  const foreign = new Set(table.source.foreignKeys.flatMap(fk => fk.columns))
  const copied = new Set(table.columns.map(c => c.name))
  for (const key of table.target.uniques) {
    if (key.some(name => copied.has(name) && !foreign.has(name))) continue
    throw new ConfigurationError(
      `data.tables.${table.name}.rows: the unique key (${key.join(', ')}) is made of foreign keys only, so invented rows cannot be told apart; leave rows unset for this table`,
      { reason: 'invalid_plan' }
    )
  }
  const unique = new Set(table.target.uniques.flat())
  return table.columns.map((plan, c): Maker | undefined => {
    const masker = maskers[c]
    if (unique.has(plan.name) && !foreign.has(plan.name))
      return uniqueMaker(table.name, plan.name, plan.column, masker, c, largest)
    if (masker?.derive) {
      const derive = masker.derive
      return (template, _i, digest) =>
        template === null ? null : derive(digest, template)
    }
    return undefined
  })
}

function uniqueMaker(
  table: string,
  name: string,
  column: TablePlan['columns'][number]['column'],
  masker: Masker | undefined,
  c: number,
  largest: Array<bigint | undefined>
): Maker {
  switch (column.category) {
    case 'integer':
      largest[c] = 0n
      return (_template, i) => String((largest[c] ?? 0n) + 1n + BigInt(i))
    case 'uuid':
      return (_template, _i, digest) => fakeUuid(digest)
    case 'text':
      if (masker?.derive) {
        const derive = masker.derive
        return (template, _i, digest) => derive(digest, template)
      }
      return (_template, _i, digest) =>
        fitLength(`s-${digest.toString('hex')}`, column.maxLength)
    default:
      throw new ConfigurationError(
        `data.tables.${table}.rows: cannot invent unique values for ${table}.${name} (${column.type}); leave rows unset for this table`,
        { reason: 'invalid_plan' }
      )
  }
}
