import { createHash } from 'node:crypto'
import type { DataConfig } from '../config/data-config.js'

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`
      )
      .join(',')}}`
  return JSON.stringify(value ?? null)
}

/**
 * sha256 of what decides the target's content: each table's rules,
 * subset, follow and rows, the exclusions and the seed. Key order and
 * formatting of the plan do not change it; the key itself is not in it.
 */
export function policyHash(config: DataConfig): string {
  const policy = {
    tables: config.tables,
    exclude: [...config.exclude].sort(),
    seed: config.seed
  }
  return `sha256:${createHash('sha256').update(canonical(policy)).digest('hex')}`
}
