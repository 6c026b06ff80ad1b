// Keyed hashes of every masked source value, kept in a Bloom filter: a few
// bytes per value instead of the values, and nothing in it can be turned
// back into a value. Each digest is already uniformly random, so its eight
// 32-bit words serve as the filter's eight hash functions.

const BITS_PER_VALUE = 24
const MIN_BITS = 1 << 20
const MAX_BITS = 1 << 27

export class DigestFilter {
  private readonly bits: Uint8Array
  private readonly size: number

  /** Sized for `expected` values (about 1 false positive in 20,000). */
  constructor(expected: number) {
    const wanted = Math.max(expected, 1) * BITS_PER_VALUE
    this.size = Math.min(MAX_BITS, Math.max(MIN_BITS, wanted))
    this.bits = new Uint8Array(Math.ceil(this.size / 8))
  }

  add(digest: Buffer): void {
    for (let i = 0; i < 32; i += 4) {
      const bit = digest.readUInt32BE(i) % this.size
      this.bits[bit >> 3] = (this.bits[bit >> 3] ?? 0) | (1 << (bit & 7))
    }
  }

  /** False: certainly never added; true: probably added. */
  has(digest: Buffer): boolean {
    for (let i = 0; i < 32; i += 4) {
      const bit = digest.readUInt32BE(i) % this.size
      if (!((this.bits[bit >> 3] ?? 0) & (1 << (bit & 7)))) return false
    }
    return true
  }
}
