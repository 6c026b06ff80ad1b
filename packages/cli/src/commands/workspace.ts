import { existsSync, realpathSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import { createConsoleReporter, createProcessRunner } from '@rehearse/engine'
import type { PipelineDeps, SourceControl } from '@rehearse/engine'
import { createGitSourceControl } from '../git/git-source-control.js'
import { findRepositoryRoot } from '../git/repository.js'
import { createFileLedger, defaultLedgerPath } from '../ledger/file-ledger.js'
import type { FileLedger } from '../ledger/file-ledger.js'
import { createFileLocks, defaultLocksPath } from '../locks/file-locks.js'
import type { FileLocks } from '../locks/file-locks.js'
import { localIdentity } from '../locks/run-lock.js'
import type { LocalIdentity } from '../locks/run-lock.js'
import type { CliIo } from './cli-io.js'
import { dataGate } from '@rehearse/data/gate'

/** The default plan, relative to the repository root. */
export const DEFAULT_PLAN = '.github/rehearse.yml'

/** The repository rehearse runs in, with its ledger and git. */
export interface Workspace {
  readonly root: string
  readonly ledger: FileLedger
  readonly source: SourceControl
  /** Environment locks, beside the ledger. */
  readonly locks: FileLocks
  /** Who this process is to the locks. */
  readonly identity: LocalIdentity
}

/** Finds the git root above `io.cwd` and opens its local ledger. */
export async function openWorkspace(
  io: CliIo,
  options: { defaultBranch?: string } = {}
): Promise<Workspace> {
  const root = await findRepositoryRoot(io.cwd)
  return {
    root,
    ledger: createFileLedger(defaultLedgerPath(root)),
    source: createGitSourceControl(root, options),
    locks: createFileLocks(defaultLocksPath(root)),
    identity: localIdentity()
  }
}

/**
 * The plan path relative to the root, as loadPlan wants it. The default is
 * at the root; a `--config` the user typed is relative to where they are.
 */
export function planFile(
  root: string,
  cwd: string,
  config: string | undefined
): string {
  const file =
    config === undefined ? DEFAULT_PLAN : insideRoot(root, cwd, config)
  // loadPlan's own message speaks of action inputs; say it the CLI's way.
  if (!existsSync(join(root, file))) {
    throw new ConfigurationError(
      `${file}: no such file in ${root}. Add the deployment plan there, or pass --config <file>.`,
      { reason: 'no_plan' }
    )
  }
  return file
}

function insideRoot(root: string, cwd: string, config: string): string {
  // The root comes from git with symlinks resolved; so must the path.
  const path = relative(root, resolve(realpathSync(cwd), config))
  if (path === '' || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    throw new ConfigurationError(
      `--config ${config} is outside the repository ${root}: the plan and its scripts belong to the code being deployed.`
    )
  }
  return path.split(sep).join('/')
}

/** The engine's dependencies, wired to the terminal, git and the ledger file. */
export function pipelineDeps(workspace: Workspace, io: CliIo): PipelineDeps {
  return {
    ledger: workspace.ledger,
    source: workspace.source,
    runner: createProcessRunner(),
    reporter: createConsoleReporter(io.stdout),
    clock: { now: () => new Date() },
    signal: io.signal,
    baseEnv: definedOnly(io.env),
    locks: workspace.locks,
    runId: workspace.identity.runId,
    actor: workspace.identity.owner,
    gateExtensions: [dataGate]
  }
}

function definedOnly(
  env: Readonly<Record<string, string | undefined>>
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined
    )
  )
}
