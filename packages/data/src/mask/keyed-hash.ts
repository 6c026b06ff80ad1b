import * as crypto from 'node:crypto'
import { createHash, createHmac } from 'node:crypto'

/** HMAC-SHA256 of a value under the masking key: 32 bytes. */
export type KeyedHash = (value: string | Buffer) => Buffer

/**
 * The one keyed hash of a refresh. `fake` and `hash` derive every output
 * from it, so the same source value gets the same replacement in every
 * table, and without the key nobody can map a replacement back (or test a
 * guess against it, as they could with a plain hash).
 */
export function createKeyedHash(key: string): KeyedHash {
  const oneShot = (crypto as { hash?: OneShot }).hash
  if (!oneShot) return value => createHmac('sha256', key).update(value).digest()
  // HMAC (RFC 2104) spelled out with one-shot hashes: the same digest as
  // createHmac, without two hash objects per value (a refresh hashes
  // millions of values, and that is most of its CPU time).
  const block = Buffer.alloc(64)
  const keyBytes = Buffer.from(key)
  ;(keyBytes.length > 64
    ? createHash('sha256').update(keyBytes).digest()
    : keyBytes
  ).copy(block)
  const inner = Buffer.from(block.map(byte => byte ^ 0x36))
  const outer = Buffer.alloc(96)
  Buffer.from(block.map(byte => byte ^ 0x5c)).copy(outer)
  return value => {
    const data = typeof value === 'string' ? Buffer.from(value) : value
    const first = oneShot('sha256', Buffer.concat([inner, data]), 'buffer')
    first.copy(outer, 64)
    return oneShot('sha256', outer, 'buffer')
  }
}

type OneShot = (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer

/** The masking key's fingerprint (never the key): receipts can tell keys apart. */
export function keyFingerprint(key: string): string {
  return createHash('sha256')
    .update(`rehearse-data-key:${key}`)
    .digest('hex')
    .slice(0, 12)
}

/** A deterministic number in [0, 1) from the seed and a row's identity. */
export function seededFraction(seed: string, ...parts: string[]): number {
  const digest = createHash('sha256')
    .update([seed, ...parts].join('\0'))
    .digest()
  return digest.readUInt32BE(0) / 2 ** 32
}
