/**
 * Lines of cells as an aligned text table: columns two spaces apart, the
 * last one not padded. Widths count characters, so `✓` takes one.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[]
): string {
  const table = [headers, ...rows]
  const widths = headers.map((_, column) =>
    Math.max(...table.map(line => [...(line[column] ?? '')].length))
  )
  return table
    .map(line =>
      line
        .map((cell, column) =>
          column === line.length - 1
            ? cell
            : cell + ' '.repeat((widths[column] ?? 0) - [...cell].length)
        )
        .join('  ')
    )
    .join('\n')
    .concat('\n')
}

/** `12s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`
  return `${Math.floor(seconds / 86_400)}d ago`
}

/** How long ago `iso` was, at `now`; `-` for a time nobody can read. */
export function ageOf(iso: string, now: Date): string {
  const at = Date.parse(iso)
  return Number.isNaN(at) ? '-' : formatAge(now.getTime() - at)
}
