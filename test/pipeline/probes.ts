import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createGitHubLocks, createOctokit } from '@rehearse/github'
import type { Emulator } from '@rehearse/bench'
import type { HeldLock, LockClaim, Locks } from '@rehearse/engine'
import { createFileLocks } from '../../packages/cli/src/locks/file-locks.js'
import { finished } from '../../packages/cli/__tests__/support/spawn-ts.js'
import type { Finished } from '../../packages/cli/__tests__/support/spawn-ts.js'
import { root } from '../actions/pipeline-fixture.js'
import type { TestDatabase } from '../migrations/databases.js'

const CLI = join(root, 'dist', 'cli', 'index.js')

/**
 * Runs the CLI bundle (`rehearse <args>`) in `cwd` as its own process. Its
 * environment is this one without anything that could point it elsewhere
 * (DATABASE_URL, GITHUB_*), plus `env`.
 */
export function runCli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {}
): Promise<Finished> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== 'DATABASE_URL' && !name.startsWith('GITHUB_')
    )
  )
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return finished(child)
}

/** The reason code a CLI refusal ends with: `(code):` or `[code]`. */
export function cliReason(stderr: string): string | undefined {
  return /refused \((\w+)\):|\[(\w+)\]\n$/.exec(stderr)?.slice(1).find(Boolean)
}

/**
 * Every schema object a migration could leave in the database, system
 * catalogs excepted: schemas, relations (tables, indexes, sequences,
 * views), functions, and enum/domain/range types.
 */
export async function schemaObjects(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ object: string }>(`
    with user_schemas as (
      select oid, nspname from pg_namespace
      where nspname not in ('pg_catalog', 'information_schema')
        and nspname not like 'pg\\_toast%' and nspname not like 'pg\\_temp%'
    )
    select 'schema ' || nspname as object from user_schemas
      where nspname <> 'public'
    union all
    select 'relation ' || s.nspname || '.' || c.relname from pg_class c
      join user_schemas s on s.oid = c.relnamespace
    union all
    select 'function ' || s.nspname || '.' || p.proname from pg_proc p
      join user_schemas s on s.oid = p.pronamespace
    union all
    select 'type ' || s.nspname || '.' || t.typname from pg_type t
      join user_schemas s on s.oid = t.typnamespace
      where t.typtype in ('e', 'd', 'r', 'm')
    order by 1`)
  return rows.map(row => row.object)
}

/** The requests that changed GitHub state since `from` requests were seen. */
export function writesSince(
  gh: Emulator,
  from: number
): { method: string; path: string }[] {
  return gh.requests
    .slice(from)
    .filter(r => r.method !== 'GET')
    .map(r => ({ method: r.method, path: r.path }))
}

/** A file of the CLI's `.rehearse/` folder; undefined while there is none. */
export function localFile(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, '.rehearse', name), 'utf8')
  } catch {
    return undefined
  }
}

/** The CLI's locks in force or not, by environment (none: {}). */
export function localLocks(dir: string): Record<string, HeldLock> {
  const text = localFile(dir, 'locks.json')
  return text
    ? (JSON.parse(text) as { locks: Record<string, HeldLock> }).locks
    : {}
}

/** The environments of the CLI ledger's deployments, oldest first. */
export function localDeployments(
  dir: string
): { environment: string; sha: string }[] {
  const text = localFile(dir, 'ledger.json')
  if (!text) return []
  return (
    JSON.parse(text) as { deployments: { environment: string; sha: string }[] }
  ).deployments.map(({ environment, sha }) => ({ environment, sha }))
}

const FOREIGN = { reason: 'release freeze', kind: 'hold' } as const

/** The GitHub lock branches, as another runner reaches them. */
function githubLocks(gh: Emulator): Locks {
  const octokit = createOctokit({
    token: 'another-runner',
    baseUrl: gh.url,
    env: {}
  })
  return createGitHubLocks({ octokit, owner: 'acme', repo: 'widgets' })
}

/** The CLI's locks file of the repository in `dir`. */
const fileLocks = (dir: string): Locks =>
  createFileLocks(join(dir, '.rehearse', 'locks.json'))

async function hold(locks: Locks, environment: string, claim: LockClaim) {
  const attempt = await locks.acquire(environment, claim)
  if (!attempt.acquired) throw new Error(`${environment} is already locked`)
}

async function unhold(locks: Locks, environment: string) {
  const lock = await locks.read(environment)
  if (!lock || (await locks.release(environment, lock)) !== 'released')
    throw new Error(`${environment} was not locked`)
}

/** Someone else's `.lock` of an environment, as pr-command takes it. */
export const lockOnGitHub = (
  gh: Emulator,
  environment: string,
  owner: string
) =>
  hold(githubLocks(gh), environment, {
    ...FOREIGN,
    owner,
    pr: 7,
    runId: 'github:acme/widgets:999:1'
  })

/** Someone else's `rehearse lock`, taken on another machine. */
export const lockInFile = (dir: string, environment: string, owner: string) =>
  hold(fileLocks(dir), environment, {
    ...FOREIGN,
    owner,
    runId: 'cli:elsewhere:4242:0123abcd'
  })

/** Gives back whatever lock the environment has, on GitHub and in the file. */
export async function unlockEverywhere(
  gh: Emulator,
  dir: string,
  environment: string
): Promise<void> {
  await unhold(githubLocks(gh), environment)
  await unhold(fileLocks(dir), environment)
}
