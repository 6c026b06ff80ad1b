/** One step into a JSON value: a key or a list index. */
export type JsonPathSegment = string | number

const TOKEN =
  /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y

/**
 * Parses `data.items[0].id`, `$.status` or `headers['x.y']` into segments.
 * Returns undefined for anything else, so a typo is reported, never guessed.
 */
export function parseJsonPath(text: string): JsonPathSegment[] | undefined {
  let rest = text.startsWith('$') ? text.slice(1) : text
  if (rest === '') return text === '$' ? [] : undefined
  if (/^[A-Za-z0-9_$-]/.test(rest)) rest = `.${rest}`
  const segments: JsonPathSegment[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < rest.length) {
    const match = TOKEN.exec(rest)
    if (!match) return undefined
    const [, key, index, single, double] = match
    if (index !== undefined) segments.push(Number(index))
    else segments.push(key ?? (single ?? double ?? '').replace(/\\(.)/g, '$1'))
  }
  return segments
}

/** The value at the path, or `found: false` when a step is missing. */
export function valueAtPath(
  value: unknown,
  path: readonly JsonPathSegment[]
): { found: boolean; value: unknown } {
  let current = value
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length)
        return { found: false, value: undefined }
      current = current[segment]
    } else {
      if (
        current === null ||
        typeof current !== 'object' ||
        Array.isArray(current) ||
        !Object.prototype.hasOwnProperty.call(current, segment)
      )
        return { found: false, value: undefined }
      current = (current as Record<string, unknown>)[segment]
    }
  }
  return { found: true, value: current }
}
