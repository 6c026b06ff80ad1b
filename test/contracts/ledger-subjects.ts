import { expect } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock, Ledger } from '@rehearse/engine'
import { createGitHubLedger } from '@rehearse/github'
import { createFileLedger } from '../../packages/cli/src/ledger/file-ledger.js'
import { createMemoryLedger } from '../support/index.js'
import { OWNER, REPO, startGitHub } from './github-bench.js'

/** One Ledger implementation, ready for the contract cases. */
export interface LedgerSubject {
  readonly ledger: Ledger
  /** A new commit the implementation can deploy and post statuses on. */
  commit(): Promise<string>
  /**
   * Posts another tool's commit status (`ci/build`) on the SHA; absent
   * where nothing but Rehearse can write a status (the CLI's file).
   */
  readonly postForeignStatus?: (sha: string, context: string) => Promise<void>
  /**
   * Makes deleting an environment fail as for a token without the
   * permission (GitHub: GITHUB_TOKEN's 403); absent where nothing can.
   */
  readonly denyEnvironmentDeletes?: (deny: boolean) => void
  /** Checks after each test (GitHub: requests matched the OpenAPI). */
  verify(): void
  stop(): Promise<void>
}

// Memory and file: a clock one second further on every call, so
// timestamps order events exactly as they happened.
function tickingClock(): Clock {
  let at = Date.parse('2030-01-01T10:00:00Z')
  return { now: () => new Date((at += 1000)) }
}

const randomSha = async () => randomBytes(20).toString('hex')

async function memory(): Promise<LedgerSubject> {
  const ledger = createMemoryLedger({ clock: tickingClock() })
  return {
    ledger,
    commit: randomSha,
    postForeignStatus: (sha, context) =>
      ledger.postStatus(sha, { context, state: 'failure' }),
    verify: () => undefined,
    stop: async () => undefined
  }
}

async function file(): Promise<LedgerSubject> {
  const dir = await mkdtemp(join(tmpdir(), 'rehearse-ledger-'))
  const path = join(dir, 'ledger.json')
  return {
    ledger: createFileLedger(path, { clock: tickingClock() }),
    commit: randomSha,
    verify: () => undefined,
    stop: () => rm(dir, { recursive: true, force: true })
  }
}

async function github(): Promise<LedgerSubject> {
  const bench = await startGitHub()
  const octokit = bench.octokit()
  let commits = 0
  return {
    ledger: createGitHubLedger({
      octokit,
      owner: OWNER,
      repo: REPO,
      logUrl: 'https://github.com/acme/widgets/actions/runs/42',
      warn: message => bench.warnings.push(message)
    }),
    commit: () =>
      bench.repo.commit({
        files: { 'app.txt': `release ${++commits}\n` },
        message: `Release ${commits}`
      }),
    postForeignStatus: async (sha, context) => {
      await octokit.rest.repos.createCommitStatus({
        owner: OWNER,
        repo: REPO,
        sha,
        state: 'failure',
        context
      })
    },
    denyEnvironmentDeletes: deny => {
      bench.gh.state.denyEnvironmentDeletes = deny
    },
    verify: () => {
      bench.expectClean()
      // A warning means duplicate deployments were found or a create retried.
      expect(bench.warnings).toEqual([])
    },
    stop: bench.close
  }
}

/** Every implementation. */
export const subjects: {
  readonly name: string
  readonly start: () => Promise<LedgerSubject>
}[] = [
  { name: 'memory', start: memory },
  { name: 'the CLI file', start: file },
  {
    name: 'GitHub (emulator)',
    start: github
  }
]
