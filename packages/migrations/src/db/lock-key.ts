import { createHash } from 'node:crypto'

/** A stable signed 64-bit advisory-lock key for a name (PostgreSQL). */
export function advisoryKey(name: string): string {
  const digest = createHash('sha256').update(name).digest()
  return digest.readBigInt64BE(0).toString()
}

/** A MySQL lock name: at most 64 characters, readable when it fits. */
export function mysqlLockName(name: string): string {
  if (name.length <= 64) return name
  return `rehearse:${createHash('sha256').update(name).digest('hex').slice(0, 40)}`
}
