import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { readMigrationFiles } from '@rehearse/migrations'

/** How the repository's package manager runs a script and installs. */
export interface PackageManager {
  readonly name: 'npm' | 'yarn' | 'pnpm'
  /** The lockfile that chose it, if any. */
  readonly lockfile?: string
  readonly install: string
  run(script: string): string
}

/** Where the plan's migrations come from, as far as init can tell. */
export type MigrationsFound =
  | { readonly tool: 'sql'; readonly dir: string }
  | { readonly tool: 'command'; readonly up: string; readonly dir?: string }
  /** A folder whose files the sql tool would refuse, and no script to run. */
  | { readonly tool: 'unknown'; readonly dir: string; readonly why: string }

/** What `rehearse init` found in the repository. */
export interface ProjectFacts {
  /** The artifact's name: package.json's name, else the folder's. */
  readonly name: string
  /** Whether package.json exists at the root. */
  readonly node: boolean
  /** package.json scripts init uses, in the order it found them. */
  readonly scripts: readonly string[]
  /** Whether package.json lists dependencies (so a build must install). */
  readonly dependencies: boolean
  readonly packageManager: PackageManager
  readonly dockerfile: boolean
  readonly migrations?: MigrationsFound
}

/** Scripts init knows what to do with, in the order a deploy runs them. */
export const KNOWN_SCRIPTS = ['build', 'migrate', 'deploy', 'start'] as const

const MIGRATE_SCRIPTS = ['migrate', 'db:migrate', 'migrate:up']
const MIGRATION_DIRS = ['db/migrations', 'migrations', 'database/migrations']

interface PackageJson {
  name?: unknown
  scripts?: Record<string, unknown>
  dependencies?: Record<string, unknown>
  devDependencies?: Record<string, unknown>
}

/** Reads what a deployment plan can be made of: scripts, Dockerfile, migrations. */
export function detectProject(root: string): ProjectFacts {
  const manifest = readPackageJson(root)
  const scripts = Object.keys(manifest?.scripts ?? {}).filter(
    name => typeof manifest?.scripts?.[name] === 'string'
  )
  const packageManager = choosePackageManager(root)
  const migrate = MIGRATE_SCRIPTS.find(name => scripts.includes(name))
  return {
    name: artifactName(manifest?.name, root),
    node: manifest !== undefined,
    scripts: [
      ...KNOWN_SCRIPTS.filter(name => scripts.includes(name)),
      ...(migrate && migrate !== 'migrate' ? [migrate] : [])
    ],
    dependencies:
      Object.keys(manifest?.dependencies ?? {}).length +
        Object.keys(manifest?.devDependencies ?? {}).length >
      0,
    packageManager,
    dockerfile: existsSync(join(root, 'Dockerfile')),
    migrations: findMigrations(
      root,
      migrate ? packageManager.run(migrate) : undefined
    )
  }
}

function readPackageJson(root: string): PackageJson | undefined {
  const path = join(root, 'package.json')
  if (!existsSync(path)) return undefined
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as PackageJson
  } catch (error) {
    throw new ConfigurationError(
      `package.json: ${(error as Error).message}. Fix it (rehearse init reads its name and scripts), then run rehearse init again.`,
      { reason: 'init_refused' }
    )
  }
  throw new ConfigurationError(
    'package.json: not a JSON object. Fix it (rehearse init reads its name and scripts), then run rehearse init again.',
    { reason: 'init_refused' }
  )
}

function choosePackageManager(root: string): PackageManager {
  const has = (file: string) => existsSync(join(root, file))
  if (has('pnpm-lock.yaml')) {
    return {
      name: 'pnpm',
      lockfile: 'pnpm-lock.yaml',
      install: 'pnpm install --frozen-lockfile',
      run: script => `pnpm run ${script}`
    }
  }
  if (has('yarn.lock')) {
    return {
      name: 'yarn',
      lockfile: 'yarn.lock',
      install: 'yarn install --frozen-lockfile',
      run: script => `yarn run ${script}`
    }
  }
  const lockfile = ['package-lock.json', 'npm-shrinkwrap.json'].find(has)
  return {
    name: 'npm',
    lockfile,
    install: lockfile
      ? 'npm ci --no-audit --no-fund'
      : 'npm install --no-audit --no-fund',
    run: script => `npm run ${script}`
  }
}

/** A name an image tag accepts: lower case, no scope's `@`. */
function artifactName(name: unknown, root: string): string {
  const raw = typeof name === 'string' && name ? name : basename(root)
  const clean = raw
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
  return clean || 'app'
}

function findMigrations(
  root: string,
  up: string | undefined
): MigrationsFound | undefined {
  const dir = MIGRATION_DIRS.find(candidate =>
    statSync(join(root, candidate), { throwIfNoEntry: false })?.isDirectory()
  )
  // A migrate script is the team's own tool: run it rather than guess.
  if (up) return { tool: 'command', up, ...(dir ? { dir } : {}) }
  if (!dir) return undefined
  const sqlFiles = readdirSync(join(root, dir)).filter(file =>
    file.toLowerCase().endsWith('.sql')
  )
  if (sqlFiles.length === 0 && readdirSync(join(root, dir)).length > 0) {
    return {
      tool: 'unknown',
      dir,
      why: 'it holds no .sql files (another tool’s migrations?)'
    }
  }
  try {
    readMigrationFiles(root, dir, 'auto')
    return { tool: 'sql', dir }
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? ''
    return { tool: 'unknown', dir, why: first }
  }
}
