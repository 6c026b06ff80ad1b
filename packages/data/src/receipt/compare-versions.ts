// The migration version order run-migrations uses (1.10 after 1.9; `1_2`
// is `1.2`). Kept here rather than imported from @rehearse/migrations so
// the refresh-data bundle does not carry that package's embedded
// PostgreSQL (PGlite, ~18 MB).

const parts = (version: string): bigint[] =>
  version.split(/[._]/).map(part => (/^\d+$/.test(part) ? BigInt(part) : -1n))

/** Orders versions part by part, numerically. */
export function compareVersions(a: string, b: string): number {
  const left = parts(a)
  const right = parts(b)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? -1n
    const y = right[i] ?? -1n
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/** The newest of some versions; undefined for none. */
export function newestVersion(versions: readonly string[]): string | undefined {
  return versions.reduce<string | undefined>(
    (newest, v) =>
      newest === undefined || compareVersions(v, newest) > 0 ? v : newest,
    undefined
  )
}
