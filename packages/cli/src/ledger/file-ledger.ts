import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Clock, Ledger } from '@rehearse/engine'
import { listedOf } from '@rehearse/engine'
import { removeLeftoverTemps, writeFileAtomic } from './atomic-file.js'
import { attemptsOf } from './deployment-attempts.js'
import type { DeploymentAttempt } from './deployment-attempts.js'
import { lastSuccessful, setState } from './deployment-state.js'
import { withFileLock } from './file-lock.js'
import type { FileLockOptions } from './file-lock.js'
import type { LedgerData } from './ledger-data.js'
import {
  deploymentsOf,
  ensureDeployment,
  findStored,
  latestStages,
  toRecord
} from './ledger-data.js'
import { readLedger } from './read-ledger.js'
import {
  environmentsNamed,
  liveEnvironments,
  retireEnvironment,
  unretire
} from './retired-environments.js'

/** Settings of {@link createFileLedger}. */
export interface FileLedgerOptions {
  /** Timestamps of deployments and stages (default: the system clock). */
  readonly clock?: Clock
  readonly lock?: FileLockOptions
}

/** The local ledger: the engine's Ledger, plus what status and history list. */
export interface FileLedger extends Ledger {
  readonly path: string
  /**
   * Environments with a deployment, in the order they were first deployed;
   * retired ones (torn down, not deployed since) are left out.
   */
  environments(): Promise<string[]>
  /**
   * The environment's deployment attempts, newest start first: a commit
   * deployed again is one deployment with several attempts.
   */
  attempts(environment: string, limit: number): Promise<DeploymentAttempt[]>
}

/** Where a repository keeps its local ledger (gitignored `.rehearse/`). */
export function defaultLedgerPath(repositoryRoot: string): string {
  return join(repositoryRoot, '.rehearse', 'ledger.json')
}

/**
 * A Ledger kept in a JSON file, with GitHub's semantics: one deployment per
 * environment and SHA, a state history, `auto_inactive`, the latest stage
 * status per context. Every change is a read-modify-write under an
 * exclusive lock file, written atomically, so concurrent `rehearse`
 * processes neither lose updates nor corrupt the file. Reads take no lock:
 * the file is only ever replaced whole.
 */
export function createFileLedger(
  path: string,
  options: FileLedgerOptions = {}
): FileLedger {
  const now = (): string => (options.clock?.now() ?? new Date()).toISOString()
  const read = async <T>(query: (data: LedgerData) => T): Promise<T> =>
    query(await readLedger(path))
  const update = <T>(change: (data: LedgerData, at: string) => T): Promise<T> =>
    withLedgerLock(path, options.lock, async () => {
      const data = await readLedger(path)
      const result = change(data, now())
      await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`)
      return result
    })

  return {
    path,
    ensureDeployment: request =>
      update((data, at) => {
        unretire(data, request.environment)
        return toRecord(ensureDeployment(data, request, at))
      }),
    setDeploymentState: (id, state, details) =>
      update((data, at) => setState(data, id, state, details, at)),
    findDeployment: (environment, sha) =>
      read(data => {
        const found = findStored(data, environment, sha)
        return found && toRecord(found)
      }),
    recentDeployments: (environment, limit) =>
      read(data =>
        deploymentsOf(data, environment).slice(0, limit).map(toRecord)
      ),
    listDeployments: (environment, limit) =>
      read(data =>
        deploymentsOf(data, environment)
          .slice(0, Math.max(0, limit))
          .map(d => listedOf(toRecord(d)))
      ),
    lastSuccessfulDeployment: environment =>
      read(data => {
        const found = lastSuccessful(data, environment)
        return found && toRecord(found)
      }),
    setStage: (sha, status) =>
      update((data, at) => {
        const reports = (data.stages[sha] ??= [])
        reports.push({ ...status, at })
      }),
    readStages: sha => read(data => latestStages(data, sha)),
    saveReport: (sha, environment, stage, report) =>
      update(data => {
        data.reports = {
          ...data.reports,
          [`${sha}/${environment}/${stage}`]: report
        }
      }),
    readReport: (sha, environment, stage) =>
      read(data => data.reports?.[`${sha}/${environment}/${stage}`]),
    retireEnvironment: environment =>
      update((data, at) => retireEnvironment(data, environment, at)),
    environmentsNamed: prefix => read(data => environmentsNamed(data, prefix)),
    environments: () => read(liveEnvironments),
    attempts: (environment, limit) =>
      read(data => attemptsOf(data, environment).slice(0, limit))
  }
}

async function withLedgerLock<T>(
  path: string,
  lock: FileLockOptions | undefined,
  body: () => Promise<T>
): Promise<T> {
  await mkdir(dirname(path), { recursive: true })
  return withFileLock(
    `${path}.lock`,
    async () => {
      await removeLeftoverTemps(path)
      return body()
    },
    lock
  )
}
