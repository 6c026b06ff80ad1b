import { execFile } from 'node:child_process'
import { cp, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { createGitRepo } from '@rehearse/bench'
import type { GitRepo } from '@rehearse/bench'
import { stopDemoApps } from '../../packages/cli/src/demo/demo-processes.js'
import { root } from '../actions/pipeline-fixture.js'
import { createPostgresDatabase } from '../migrations/databases.js'
import type { TestDatabase } from '../migrations/databases.js'

export { root }

const DEMO_APP = join(root, 'workflows-examples', 'demo-app')
const CLI = join(root, 'dist', 'cli', 'index.js')

/** Ports the demo's staging and production listen on in this test file. */
export interface DemoPorts {
  readonly staging: number
  readonly production: number
}

/** Two ports free right now, so the demo never clashes with 4301/4302. */
export async function freePorts(): Promise<DemoPorts> {
  const servers = [createServer(), createServer()]
  const ports = await Promise.all(
    servers.map(
      server =>
        new Promise<number>(resolve =>
          server.listen(0, '127.0.0.1', () => {
            const address = server.address()
            resolve(typeof address === 'object' && address ? address.port : 0)
          })
        )
    )
  )
  await Promise.all(
    servers.map(server => new Promise(resolve => server.close(resolve)))
  )
  return { staging: ports[0] ?? 0, production: ports[1] ?? 0 }
}

/** The demo app in a git repository: main at release 1, a feature branch. */
export interface DemoRepo {
  readonly repo: GitRepo
  readonly dir: string
  /** main: the demo app as it is in this repository, on `ports`. */
  readonly sha: string
  /** feature: release 1.1.0, one commit after main. */
  readonly featureSha: string
  /** Stops every app the deploys started (their pid files); the pids. */
  stopApps(): Promise<number[]>
  dispose(): Promise<void>
}

/**
 * Copies workflows-examples/demo-app into a fresh repository with the
 * environments moved to `ports`. Every copy makes the same commits at the
 * bench's fixed dates, so two copies have the same SHAs and plans: what
 * the CLI and the workflows record can be compared one to one.
 */
export async function createDemoRepo(ports: DemoPorts): Promise<DemoRepo> {
  const repo = await createGitRepo()
  await cp(DEMO_APP, repo.dir, {
    recursive: true,
    filter: path => !/[/\\](\.rehearse|node_modules)$/.test(path)
  })
  const planFile = join(repo.dir, '.github', 'rehearse.yml')
  const plan = (await readFile(planFile, 'utf8'))
    .replaceAll('4301', String(ports.staging))
    .replaceAll('4302', String(ports.production))
  await writeFile(planFile, plan)
  const sha = await repo.commit({ message: 'release 1' })
  await repo.branch('feature')
  await repo.checkout('feature')
  const manifest = await readFile(join(repo.dir, 'package.json'), 'utf8')
  const featureSha = await repo.commit({
    files: { 'package.json': manifest.replace('"1.0.0"', '"1.1.0"') },
    message: 'release 1.1.0'
  })
  await repo.checkout('main')
  const stopApps = () => stopDemoApps(repo.dir)
  return {
    ...{ repo, dir: repo.dir, sha, featureSha, stopApps },
    dispose: async () => {
      await stopApps()
      await repo.dispose()
    }
  }
}

/** Throwaway databases by name. */
export type Databases<Name extends string> = Record<Name, TestDatabase> & {
  dropAll(): Promise<void>
}

/** One throwaway PostgreSQL database per name, dropped by dropAll(). */
export async function createDatabases<Name extends string>(
  names: readonly Name[]
): Promise<Databases<Name>> {
  const databases = await Promise.all(names.map(createPostgresDatabase))
  const byName = Object.fromEntries(
    names.map((name, index) => [name, databases[index]])
  ) as Record<Name, TestDatabase>
  return {
    ...byName,
    dropAll: async () => {
      await Promise.all(databases.map(db => db.drop()))
    }
  }
}

/**
 * Whether a database has the demo's schema and the migration history
 * Rehearse keeps: what "production was migrated" means.
 */
export async function migratedVersions(db: TestDatabase): Promise<string[]> {
  const [found] = await db.query<{ table: string | null }>(
    "select to_regclass('rehearse_migrations')::text as table"
  )
  if (!found?.table) return []
  const rows = await db.query<{ version: string }>(
    "select version from rehearse_migrations where status = 'success' order by version"
  )
  const [visits] = await db.query<{ table: string | null }>(
    "select to_regclass('visits')::text as table"
  )
  return visits?.table ? rows.map(row => row.version) : []
}

/** What one `rehearse` command did. */
export interface CliRun {
  readonly code: number
  readonly output: string
}

/**
 * Runs the CLI bundle (dist/cli) in `cwd` as a user would, with a clean
 * environment: only PATH, HOME and the given variables.
 */
export function rehearse(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {}
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd,
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
        timeout: 60_000
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error)
        else
          resolve({
            code: typeof error?.code === 'number' ? error.code : 0,
            output: `${stdout}${stderr}`
          })
      }
    )
  })
}

/** GET a URL of an app the demo started; the body, or the error. */
export async function answer(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
    return `${response.status} ${await response.text()}`
  } catch (error) {
    return `no answer (${(error as Error).message})`
  }
}
