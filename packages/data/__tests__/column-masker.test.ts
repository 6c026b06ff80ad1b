import { describe, expect, it } from '@jest/globals'
import type { CatalogColumn, ColumnCategory } from '../src/catalog/types.js'
import type { ColumnRule, FakeKind } from '../src/config/data-config.js'
import { createMasker } from '../src/mask/column-masker.js'
import { createKeyedHash } from '../src/mask/keyed-hash.js'

const KEY = 'unit-test-key-0123456789'

function masker(
  rule: ColumnRule,
  category: ColumnCategory = 'text',
  options: {
    kind?: Exclude<FakeKind, 'auto'>
    maxLength?: number
    maxInteger?: bigint
    unique?: boolean
    key?: string
  } = {}
) {
  const column: CatalogColumn = {
    name: 'c',
    type: category,
    category,
    nullable: true,
    hasDefault: false,
    generated: false,
    maxLength: options.maxLength,
    maxInteger: options.maxInteger
  }
  return createMasker({
    rule,
    column,
    kind: options.kind ?? 'text',
    unique: options.unique ?? false,
    dialect: 'postgres',
    hash: createKeyedHash(options.key ?? KEY)
  })
}

const fake = (kind: FakeKind = 'auto'): ColumnRule => ({
  kind: 'fake',
  fake: kind
})

describe('masking one column', () => {
  it('gives the same value the same fake in every table, and another key another fake', () => {
    const users = masker(fake('email'), 'text', { kind: 'email' })
    const orders = masker(fake('email'), 'text', { kind: 'email' })
    const other = masker(fake('email'), 'text', {
      kind: 'email',
      key: 'another-key-0123456789'
    })
    const value = 'ann.smith@corp.example'
    expect(users.mask(value)).toBe(orders.mask(value))
    expect(users.mask(value)).not.toBe(other.mask(value))
    expect(users.mask(value)).toMatch(
      /^[a-z]+\.[a-z]+\.[0-9a-f]{10}@example\.com$/
    )
    expect(users.mask('someone.else@corp.example')).not.toBe(users.mask(value))
  })

  it('keeps NULL NULL, and applies null, constant and keep', () => {
    expect(masker(fake()).mask(null)).toBeNull()
    expect(masker({ kind: 'null' }).mask('x')).toBeNull()
    expect(masker({ kind: 'constant', value: 'XX' }).mask('FR')).toBe('XX')
    expect(masker({ kind: 'keep' }).mask('FR')).toBe('FR')
  })

  it('hashes to hex cut to the column length', () => {
    const out = masker({ kind: 'hash' }, 'text', { maxLength: 20 }).mask(
      '+44 20 7946 0958'
    )
    expect(out).toMatch(/^[0-9a-f]{20}$/)
  })

  it.each([
    ['phone', '+44 (20) 7946-0958', /^\+\d\d \(\d\d\) \d{4}-\d{4}$/],
    ['postcode', 'SW1A 1AA', /^[A-Z]{2}\d[A-Z] \d[A-Z]{2}$/],
    ['ip', '203.0.113.7', /^10\.\d+\.\d+\.\d+$/],
    ['ip', '2001:db8::1', /^fd[0-9a-f]{2}:/],
    [
      'uuid',
      'x',
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    ],
    ['name', 'Ann Smith', /^[A-Z][a-z]+ [A-Z][a-z]+$/]
  ] as const)('fakes a %s in its shape (%s)', (kind, value, shape) => {
    expect(masker(fake(kind), 'text', { kind }).mask(value)).toMatch(shape)
  })

  it('appends hash material to a name on a unique column, and fits the length', () => {
    const unique = masker(fake('name'), 'text', {
      kind: 'name',
      unique: true
    }).mask('Ann')
    expect(unique).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ [0-9a-f]{10}$/)
    const short = masker(fake('email'), 'text', {
      kind: 'email',
      maxLength: 24
    }).mask('a@b.c')
    expect(String(short).length).toBeLessThanOrEqual(24)
    expect(short).toMatch(/@example\.com$/)
  })

  it('keeps types: integers in range, dates within a year, booleans, UUIDs, JSON', () => {
    const small = masker(fake(), 'integer', { maxInteger: 32767n }).mask(
      '31999'
    )
    expect(Number(small)).toBeLessThanOrEqual(32767)
    const hashed = masker({ kind: 'hash' }, 'integer', {
      maxInteger: 2147483647n
    }).mask('42')
    expect(Number(hashed)).toBeLessThanOrEqual(2147483647)
    const day = String(masker(fake(), 'date').mask('1984-03-12'))
    const shift =
      Math.abs(Date.parse(day) - Date.parse('1984-03-12')) / 86_400_000
    expect([day.length, shift >= 1 && shift <= 365]).toEqual([10, true])
    expect(masker(fake(), 'timestamp').mask('2020-01-02 03:04:05+00')).toMatch(
      /^\d{4}-\d{2}-\d{2} 03:04:05\+00$/
    )
    expect(masker(fake(), 'boolean').mask('t')).toMatch(/^[tf]$/)
    expect(() =>
      JSON.parse(String(masker(fake(), 'json').mask('{"a":1}')))
    ).not.toThrow()
    expect(
      masker({ kind: 'hash' }, 'binary').mask(Buffer.from('abc'))
    ).toHaveLength(3)
  })
})
