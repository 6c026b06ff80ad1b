import type { DownNaming } from '../config/migration-config.js'

/** What a file name in the migrations directory is. */
export type FileNameKind =
  | {
      readonly kind: 'up' | 'down'
      readonly version: string
      readonly name: string
    }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'invalid'; readonly reason: string }

const VERSION = String.raw`(\d+(?:[._]\d+)*)`
const NAME = String.raw`([A-Za-z0-9][A-Za-z0-9_-]*)`
const UP = new RegExp(`^V${VERSION}__${NAME}\\.sql$`)
const DOWN_SUFFIX = new RegExp(`^V${VERSION}__${NAME}\\.down\\.sql$`)
const UNDO_PREFIX = new RegExp(`^U${VERSION}__${NAME}\\.sql$`)

/** `1_02.0` → `1.2.0`: separators and leading zeros do not make a new version. */
export function normalizeVersion(version: string): string {
  return version
    .split(/[._]/)
    .map(part => String(BigInt(part)))
    .join('.')
}

/** Orders versions part by part, numerically (1.10 after 1.9). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(BigInt)
  const right = b.split('.').map(BigInt)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? -1n
    const y = right[i] ?? -1n
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/**
 * Classifies one file name: `V<version>__<name>.sql` is an up migration; a
 * down migration is `U<version>__<name>.sql` or `V<version>__<name>.down.sql`
 * as `naming` allows. Other `.sql` files are invalid rather than skipped, so
 * a typo (`V2_add.sql`) never silently leaves a migration out.
 */
export function classifyFileName(
  file: string,
  naming: DownNaming
): FileNameKind {
  if (!file.toLowerCase().endsWith('.sql')) return { kind: 'ignored' }
  const suffix = DOWN_SUFFIX.exec(file)
  if (suffix) {
    return naming === 'undo-prefix'
      ? invalid(
          'down migrations are named U<version>__<name>.sql here (down-naming: undo-prefix)'
        )
      : match('down', suffix)
  }
  const up = UP.exec(file)
  if (up) return match('up', up)
  const undo = UNDO_PREFIX.exec(file)
  if (undo) {
    return naming === 'down-suffix'
      ? invalid(
          'down migrations are named V<version>__<name>.down.sql here (down-naming: down-suffix)'
        )
      : match('down', undo)
  }
  return invalid(
    'not a migration file name: use V<version>__<name>.sql (e.g. V3__add_orders.sql), and for its down migration U<version>__<name>.sql or V<version>__<name>.down.sql'
  )
}

function match(kind: 'up' | 'down', found: RegExpExecArray): FileNameKind {
  const [, version = '', name = ''] = found
  return { kind, version: normalizeVersion(version), name }
}

function invalid(reason: string): FileNameKind {
  return { kind: 'invalid', reason }
}
