/**
 * The runner's job-wide secret masker: once a value is registered (the
 * token, `::add-mask::`), every later log line, annotation and step summary
 * shows `***` in its place, across steps.
 */
export class SecretMasker {
  readonly #values = new Set<string>()
  readonly #secrets = new Set<string>()

  /** The secrets as registered (not their masked variants). */
  get secrets(): readonly string[] {
    return [...this.#secrets]
  }

  /** Registers a secret; blank values are ignored, as on the runner. */
  add(secret: string): void {
    if (secret.trim() === '') return
    this.#secrets.add(secret)
    for (const variant of variants(secret)) this.#values.add(variant)
  }

  /** Replaces every registered secret in `text` with `***`. */
  mask(text: string): string {
    if (this.#values.size === 0 || text === '') return text
    const ranges: Array<[number, number]> = []
    for (const value of this.#values) {
      for (let at = text.indexOf(value); at >= 0;) {
        ranges.push([at, at + value.length])
        at = text.indexOf(value, at + 1)
      }
    }
    if (ranges.length === 0) return text
    return replaceRanges(text, merge(ranges))
  }

  maskRecord(record: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(record).map(([key, value]) => [key, this.mask(value)])
    )
  }
}

// Log lines are masked one by one, so a multi-line secret is also masked
// line by line; the encoded forms mirror the runner's value encoders for
// secrets that end up in JSON or in a URL.
function variants(secret: string): string[] {
  const lines = secret.split(/\r?\n/).filter(line => line.trim() !== '')
  const json = JSON.stringify(secret).slice(1, -1)
  const uri = encodeURIComponent(secret)
  return [...new Set([secret, ...lines, json, uri])]
}

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: Array<[number, number]> = []
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1]
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

function replaceRanges(text: string, ranges: Array<[number, number]>): string {
  let result = ''
  let cursor = 0
  for (const [start, end] of ranges) {
    result += text.slice(cursor, start) + '***'
    cursor = end
  }
  return result + text.slice(cursor)
}
