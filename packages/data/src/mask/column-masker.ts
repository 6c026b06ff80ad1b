import type { CatalogColumn } from '../catalog/types.js'
import type { ColumnRule, FakeKind } from '../config/data-config.js'
import type { Dialect, Value } from '../db/connection.js'
import {
  fakeDate,
  fakeIp,
  fakeUuid,
  fitLength,
  replaceDigits,
  textFaker
} from './fake-values.js'
import type { KeyedHash } from './keyed-hash.js'

/** One column's masking: the value the target gets for a source value. */
export interface Masker {
  readonly rule: ColumnRule
  mask(value: Value): Value
  /**
   * fake and hash: a value of the same shape as `shape` from another
   * digest (synthetic rows get fresh values this way).
   */
  readonly derive: ((digest: Buffer, shape: Value) => Value) | undefined
}

export interface MaskerOptions {
  readonly rule: ColumnRule
  readonly column: CatalogColumn
  /** The concrete shape for `fake` (auto resolved from name and samples). */
  readonly kind: Exclude<FakeKind, 'auto'>
  /** A unique key covers the column: fakes get hash material to stay unique. */
  readonly unique: boolean
  readonly dialect: Dialect
  readonly hash: KeyedHash
  /** Told the keyed hash of every source value masked (the leak probe's filter). */
  readonly seen?: (digest: Buffer) => void
}

const CACHE_SIZE = 10_000

// Kinds whose values are few (names from a list): on a unique column they
// get part of the hash appended.
const FEW = new Set<FakeKind>([
  'name',
  'first-name',
  'last-name',
  'city',
  'address',
  'text'
])

/**
 * The masker of a column's rule. `fake` and `hash` derive everything from
 * the keyed hash of the source value, so equal values get equal outputs in
 * every table (joins on them still match); NULL stays NULL, it says
 * nothing about anyone. Non-text columns keep their type: a date stays a
 * plausible date, a number keeps its digits, a UUID stays a UUID.
 */
export function createMasker(options: MaskerOptions): Masker {
  const { rule } = options
  switch (rule.kind) {
    case 'keep':
      return { rule, mask: value => value, derive: undefined }
    case 'null':
      return { rule, mask: () => null, derive: undefined }
    case 'constant': {
      const constant = rule.value
      return { rule, mask: () => constant, derive: undefined }
    }
    case 'fake':
    case 'hash': {
      const produce = producer(options, rule.kind === 'hash')
      const { hash, seen } = options
      // Repeated values (cities, plans, names) are hashed once.
      const cache = new Map<string, Value>()
      return {
        rule,
        mask: value => {
          if (value === null) return null
          const known = typeof value === 'string' ? cache.get(value) : undefined
          if (known !== undefined) return known
          const digest = hash(value)
          seen?.(digest)
          const masked = produce(digest, value)
          if (typeof value === 'string') {
            if (cache.size >= CACHE_SIZE) cache.clear()
            cache.set(value, masked)
          }
          return masked
        },
        derive: (digest, shape) => produce(digest, shape ?? '')
      }
    }
  }
}

type Producer = (digest: Buffer, source: string | Buffer) => Value

const asText = (source: string | Buffer): string =>
  typeof source === 'string' ? source : source.toString('hex')

function producer(options: MaskerOptions, hashRule: boolean): Producer {
  const { column, dialect } = options
  switch (column.category) {
    case 'integer':
      return (digest, source) =>
        hashRule
          ? String(
              digest.readBigUInt64BE(0) %
                ((column.maxInteger ?? 2n ** 31n) + 1n)
            )
          : clampInteger(
              replaceDigits(asText(source), digest),
              column.maxInteger
            )
    case 'decimal':
      return (digest, source) => replaceDigits(asText(source), digest)
    case 'boolean': {
      const [yes, no] = dialect === 'postgres' ? ['t', 'f'] : ['1', '0']
      return digest => ((digest[0] ?? 0) % 2 ? yes : no)
    }
    case 'date':
    case 'timestamp':
      return (digest, source) => fakeDate(digest, asText(source))
    case 'uuid':
      return digest => fakeUuid(digest)
    case 'inet':
      return (digest, source) => fakeIp(digest, asText(source))
    case 'binary':
      return fakeBytes
    case 'json':
      return (digest, source) =>
        JSON.stringify(
          hashRule
            ? digest.toString('hex')
            : textFaker('text')(digest, asText(source))
        )
    default:
      return textProducer(options, hashRule)
  }
}

function textProducer(options: MaskerOptions, hashRule: boolean): Producer {
  const { column, kind, unique } = options
  const faker = textFaker(kind)
  const tag = unique && FEW.has(kind)
  return (digest, source) => {
    if (hashRule) return fitLength(digest.toString('hex'), column.maxLength)
    const fake = faker(digest, asText(source))
    const tagged = tag ? `${fake} ${digest.toString('hex').slice(0, 10)}` : fake
    return fitLength(tagged, column.maxLength)
  }
}

function clampInteger(digits: string, max: bigint | undefined): string {
  if (!/^-?\d+$/.test(digits)) return '0'
  const value = BigInt(digits)
  if (max === undefined) return digits
  const limit = max + 1n
  return String(value < 0n ? -(-value % limit) : value % limit)
}

// Bytes of the same length (MySQL gives a Buffer; PostgreSQL bytea text is \x…).
function fakeBytes(digest: Buffer, source: string | Buffer): Value {
  const bytes = (length: number): Buffer => {
    const out = Buffer.alloc(length)
    for (let i = 0; i < length; i++) out[i] = digest[i % digest.length] ?? 0
    return out
  }
  if (Buffer.isBuffer(source)) return bytes(source.length)
  if (source.startsWith('\\x'))
    return `\\x${bytes((source.length - 2) / 2).toString('hex')}`
  return `\\x${digest.toString('hex')}`
}
