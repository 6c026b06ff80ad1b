import { createHash } from 'node:crypto'

/**
 * JSON with object keys sorted at every depth, so the same data always gives
 * the same text whatever order the YAML (or a JS object) listed keys in.
 * Array order is kept: step order is meaningful.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value ?? null
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]))
}

/** Full sha256 hex of the canonical JSON of a value. */
export function hashOf(value: unknown): string {
  return sha256(canonicalJson(value))
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Length of the per-part hashes shown and stored (the value stays full). */
export const SHORT_HASH = 12
