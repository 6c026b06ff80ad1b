import { isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document, LineCounter, Node } from 'yaml'

export type PathSegment = string | number

/** `environments.prod.requires[0]`: how messages name a place in the plan. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : index === 0
          ? segment
          : `.${segment}`
    )
    .join('')
}

/**
 * The 1-based line of a place in the YAML source. With `key`, the line of
 * that key inside the mapping at `path` (where an unknown key was written).
 */
export function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly PathSegment[],
  key?: string
): number {
  let node: unknown = doc.contents
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0
  for (const segment of key === undefined ? path : [...path, key]) {
    const next = childOf(node, segment)
    if (!next) break
    offset = next.offset
    node = next.value
  }
  return counter.linePos(offset).line
}

function childOf(
  node: unknown,
  segment: PathSegment
): { value: unknown; offset: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      item =>
        isPair(item) &&
        isScalar(item.key) &&
        String(item.key.value) === String(segment)
    )
    if (!pair || !isScalar(pair.key)) return undefined
    return { value: pair.value, offset: pair.key.range?.[0] ?? 0 }
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined
    if (!item) return undefined
    return { value: item, offset: item.range?.[0] ?? 0 }
  }
  return undefined
}
