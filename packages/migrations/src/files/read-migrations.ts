import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { migrationFileChecksum } from '@rehearse/engine'
import type { DownNaming } from '../config/migration-config.js'
import { classifyFileName, compareVersions } from './file-names.js'

/** One versioned migration of the directory, read and checksummed. */
export interface MigrationFile {
  readonly version: string
  readonly name: string
  /** Path relative to the workspace, for messages (`db/migrations/V1__x.sql`). */
  readonly file: string
  readonly sql: string
  /** migrationFileChecksum of the up file. */
  readonly checksum: string
  readonly down: { readonly file: string; readonly sql: string } | undefined
  /** False when the file says `-- rehearse:no-transaction`. */
  readonly transactional: boolean
  /** Lint rules the file allows with `-- rehearse:allow <rule>, ...`. */
  readonly allowed: readonly string[]
}

const NO_TRANSACTION = /^[ \t]*--[ \t]*rehearse:no-transaction[ \t]*\r?$/m
const ALLOW = /^[ \t]*--[ \t]*rehearse:allow[ \t]+([^\n]+)$/gm

/**
 * Reads `dir` (relative to the workspace) in version order. Every problem
 * of the directory itself (bad names, duplicate versions, orphan down
 * files) is a ConfigurationError listing them all, before any database work.
 */
export function readMigrationFiles(
  workspace: string,
  dir: string,
  naming: DownNaming
): MigrationFile[] {
  const root = join(workspace, dir)
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(
      `migrations.dir "${dir}" is not a directory in the repository. Create it (with V1__<name>.sql files) or fix migrations.dir.`,
      { reason: 'migrations_dir_missing' }
    )
  }
  const ups = new Map<string, { file: string; name: string }>()
  const downs = new Map<string, { file: string; name: string }>()
  const problems: string[] = []
  for (const entry of readdirSync(root).sort()) {
    const file = posix.join(dir, entry)
    const kind = classifyFileName(entry, naming)
    if (kind.kind === 'ignored') continue
    if (kind.kind === 'invalid') {
      problems.push(`${file}: ${kind.reason}`)
      continue
    }
    const into = kind.kind === 'up' ? ups : downs
    const existing = into.get(kind.version)
    if (existing) {
      problems.push(
        `${file}: version ${kind.version} is also ${existing.file}; each version must be unique`
      )
      continue
    }
    into.set(kind.version, { file, name: kind.name })
  }
  for (const [version, down] of downs) {
    const up = ups.get(version)
    if (!up)
      problems.push(
        `${down.file}: no up migration V${version}__${down.name}.sql for this down migration`
      )
    else if (up.name !== down.name)
      problems.push(
        `${down.file}: its name differs from ${up.file}; name both ${up.name}`
      )
  }
  if (problems.length > 0) {
    throw new ConfigurationError(problems.join('\n'), {
      reason: 'migration_files_invalid'
    })
  }
  return [...ups.entries()]
    .sort(([a], [b]) => compareVersions(a, b))
    .map(([version, up]) => {
      const sql = readText(workspace, up.file)
      const down = downs.get(version)
      return {
        version,
        name: up.name,
        file: up.file,
        sql,
        checksum: migrationFileChecksum(sql),
        down: down
          ? { file: down.file, sql: readText(workspace, down.file) }
          : undefined,
        transactional: !NO_TRANSACTION.test(sql),
        allowed: [...sql.matchAll(ALLOW)].flatMap(m =>
          (m[1] ?? '').split(/[\s,]+/).filter(Boolean)
        )
      }
    })
}

function readText(workspace: string, file: string): string {
  const text = readFileSync(join(workspace, file), 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n')
  // No database accepts a NUL byte in SQL: refused before anything runs.
  const nul = text.indexOf('\0')
  if (nul >= 0)
    throw new ConfigurationError(
      `${file}:${text.slice(0, nul).split('\n').length}: contains a NUL byte (\\0), which no database accepts in SQL; remove it (is the file binary, or saved as UTF-16?)`,
      { reason: 'migration_files_invalid' }
    )
  return text
}
