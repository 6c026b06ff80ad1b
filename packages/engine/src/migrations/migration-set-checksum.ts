import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { Plan } from '../plan-types.js'
import { hashOf, sha256 } from '../fingerprint/canonical-json.js'

/**
 * Checksum of one migration file: sha256 of its text with a BOM and CRLF
 * line ends removed, so a checkout on Windows (autocrlf) is the same file.
 */
export function migrationFileChecksum(content: string | Buffer): string {
  const text = typeof content === 'string' ? content : content.toString('utf8')
  return sha256(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'))
}

/**
 * The migration set of the plan as one value, for the fingerprint and the
 * production gate: the tool, and every file of `migrations.dir` (tool sql:
 * its `.sql` files; tool command: all files below it) by path and checksum.
 * '' when the plan has no migrations. Reads files only; never fails on a
 * missing directory (run-migrations reports that).
 */
export function migrationSetChecksum(plan: Plan, workspace: string): string {
  const config = plan.migrations
  if (!config) return ''
  const tool = typeof config.tool === 'string' ? config.tool : ''
  const dir = typeof config.dir === 'string' ? config.dir : undefined
  const files: Record<string, string> = {}
  if (dir !== undefined) {
    const root = resolve(workspace, dir)
    for (const path of listFiles(root, tool === 'sql' ? 1 : 16)) {
      if (tool === 'sql' && !path.endsWith('.sql')) continue
      const name = relative(root, path).split(sep).join('/')
      files[name] = migrationFileChecksum(readFileSync(path))
    }
  }
  const commands =
    tool === 'command'
      ? { up: config.up ?? null, down: config.down ?? null }
      : {}
  return `sha256:${hashOf({ tool, dir: dir ?? null, files, ...commands })}`
}

function listFiles(dir: string, depth: number): string[] {
  if (depth === 0 || !statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    return []
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(entry => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return listFiles(path, depth - 1)
      return entry.isFile() ? [path] : []
    })
}
