// Values of workflow expressions and GitHub's rules for them: loose
// equality that coerces to numbers across types, case-insensitive string
// comparison and lookup, and the runner's truthiness.

/** A context object; keys are looked up case-insensitively. */
export type ContextObject = { readonly [key: string]: unknown }

/** `false`, `0`, `-0`, `''`, `null` and `NaN` are falsy; objects are not. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value)
  if (typeof value === 'string') return value !== ''
  return true
}

/** What `${{ }}` in a string renders; objects as JSON, like the runner. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || typeof value === 'number') {
    return String(value)
  }
  return JSON.stringify(value, null, 2)
}

/** A string argument of startsWith/contains/…: objects read as their kind. */
export function toArgumentText(value: unknown): string {
  if (Array.isArray(value)) return 'Array'
  if (typeof value === 'object' && value !== null) return 'Object'
  return toText(value)
}

function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    const text = value.trim()
    if (text === '') return 0
    return /^[-+]?(0x[0-9a-f]+|0o[0-7]+|\d*\.?\d+(e[-+]?\d+)?)$/i.test(text)
      ? Number(text)
      : NaN
  }
  return NaN
}

const kind = (value: unknown): string =>
  value === undefined ? 'null' : value === null ? 'null' : typeof value

/** `==`: strings ignore case; different kinds compare as numbers. */
export function looseEquals(left: unknown, right: unknown): boolean {
  if (kind(left) === kind(right)) {
    if (typeof left === 'string' && typeof right === 'string') {
      return left.toUpperCase() === right.toUpperCase()
    }
    if (kind(left) === 'null') return true
    return left === right
  }
  if (typeof left === 'object' && left !== null) return false
  if (typeof right === 'object' && right !== null) return false
  return toNumber(left) === toNumber(right)
}

/** `<`, `<=`, `>`, `>=`: -1, 0, 1, or NaN when the values do not compare. */
export function compare(left: unknown, right: unknown): number {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toUpperCase()
    const b = right.toUpperCase()
    return a < b ? -1 : a > b ? 1 : 0
  }
  const a = toNumber(left)
  const b = toNumber(right)
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN
  return a < b ? -1 : a > b ? 1 : 0
}

/** `object.key` / `object['key']`: case-insensitive, null when absent. */
export function property(base: unknown, key: unknown): unknown {
  if (Array.isArray(base)) {
    const index = toNumber(key)
    return Number.isInteger(index) ? (base[index] ?? null) : null
  }
  if (typeof base !== 'object' || base === null) return null
  const record = base as ContextObject
  const name = toText(key)
  if (Object.hasOwn(record, name)) return record[name] ?? null
  const wanted = name.toLowerCase()
  const found = Object.keys(record).find(k => k.toLowerCase() === wanted)
  return found === undefined ? null : (record[found] ?? null)
}
