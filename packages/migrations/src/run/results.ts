import { describeDiff, diffCatalogs } from '../catalog/diff-catalogs.js'
import type { Catalog } from '../catalog/read-catalog.js'
import type { ToolResult } from './types.js'

/** The schema change between two catalog reads, one line per change. */
export function changesBetween(before: Catalog, after: Catalog): string[] {
  return describeDiff(diffCatalogs(before, after), after.tables)
}

export function checksFailure(
  checks: ToolResult['checks']
): ToolResult['failure'] {
  const failed = checks.filter(c => !c.ok)
  if (failed.length === 0) return undefined
  return {
    kind: 'checks',
    message: `integrity check${failed.length > 1 ? 's' : ''} failed: ${failed.map(c => `"${c.name}" (${c.detail})`).join(', ')}`
  }
}
