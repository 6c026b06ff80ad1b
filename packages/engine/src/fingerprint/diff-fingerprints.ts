import type { FingerprintDifference, FingerprintPart } from './types.js'

/** A computed Fingerprint, or the `parts` stored in a Deployment payload. */
export interface FingerprintLike {
  readonly parts: Readonly<Record<string, string>>
  readonly details?: Readonly<Record<string, string>>
}

/** Every part, in the order a summary lists them. */
export const FINGERPRINT_PARTS: readonly FingerprintPart[] = [
  'steps',
  'strategy',
  'scripts',
  'artifact',
  'migrations',
  'variables'
]

/**
 * The parts whose hashes differ between two fingerprints (a part missing on
 * one side counts as different), in summary order; [] when they match.
 */
export function diffFingerprints(
  a: FingerprintLike,
  b: FingerprintLike
): FingerprintPart[] {
  return FINGERPRINT_PARTS.filter(part => a.parts[part] !== b.parts[part])
}

/**
 * What changed inside each differing part, item by item (`deploy[1]`,
 * `deploy/apply.sh`, `API_URL`), from `a` to `b`. Parts without items
 * (strategy, artifact, migrations) come back with empty lists: the part
 * itself is what changed. Works on stored payloads too: their `parts` carry
 * the `<part>:<item>` details (see buildDeploymentPayload).
 */
export function explainFingerprintDifference(
  a: FingerprintLike,
  b: FingerprintLike
): FingerprintDifference[] {
  const before = itemsOf(a)
  const after = itemsOf(b)
  return diffFingerprints(a, b).map(part => {
    const was = before.get(part) ?? new Map<string, string>()
    const now = after.get(part) ?? new Map<string, string>()
    return {
      part,
      added: [...now.keys()].filter(item => !was.has(item)).sort(),
      removed: [...was.keys()].filter(item => !now.has(item)).sort(),
      changed: [...now]
        .filter(([item, hash]) => was.has(item) && was.get(item) !== hash)
        .map(([item]) => item)
        .sort()
    }
  })
}

function itemsOf(
  fingerprint: FingerprintLike
): Map<string, Map<string, string>> {
  const byPart = new Map<string, Map<string, string>>()
  const all = { ...fingerprint.parts, ...fingerprint.details }
  for (const [key, hash] of Object.entries(all)) {
    const colon = key.indexOf(':')
    if (colon < 0) continue
    const part = key.slice(0, colon)
    const items = byPart.get(part) ?? new Map<string, string>()
    items.set(key.slice(colon + 1), hash)
    byPart.set(part, items)
  }
  return byPart
}
