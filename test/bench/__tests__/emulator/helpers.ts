import { expect } from '@jest/globals'
import { Octokit } from '@octokit/rest'
import { createOctokit } from '@rehearse/github'
import type { GitHubOctokit } from '@rehearse/github'
import { createGitRepo } from '../../src/git/git-repo.js'
import type { GitRepo } from '../../src/git/git-repo.js'
import { startEmulator } from '../../src/emulator/index.js'
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js'

/** An emulator over a fresh git repository, and a client for it. */
export interface Bench {
  gh: Emulator
  repo: GitRepo
  octokit: Octokit
  /** sha of the first commit on main. */
  initial: string
  owner: string
  name: string
  /** owner and repo, to spread into octokit calls. */
  params: { owner: string; repo: string }
}

/** A plain client: no retries, so faults surface as errors. */
export function client(gh: Emulator, auth = 'test-token'): Octokit {
  return new Octokit({ auth, baseUrl: gh.url, log: quietLog })
}

/**
 * Rehearse's own client (createOctokit): its request policy waits rate
 * limits as the emulator asks (retry-after 1 s by default) and retries
 * 5xx and resets of requests safe to repeat, 1 and 2 s apart.
 */
export function retryingClient(gh: Emulator): GitHubOctokit {
  return createOctokit({
    token: 'test-token',
    baseUrl: gh.url,
    logger: { warning: () => undefined, debug: () => undefined }
  })
}

const quietLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined
}

/** Starts an emulator for acme/widgets over a repository with one commit. */
export async function startBench(
  options: Partial<EmulatorOptions> = {}
): Promise<Bench> {
  const repo = await createGitRepo()
  const initial = await repo.commit({
    files: { 'README.md': '# widgets\n' },
    message: 'Initial commit'
  })
  const gh = await startEmulator({
    owner: 'acme',
    repo: 'widgets',
    gitDir: repo.dir,
    ...options
  })
  return {
    gh,
    repo,
    octokit: client(gh),
    initial,
    owner: 'acme',
    name: 'widgets',
    params: { owner: 'acme', repo: 'widgets' }
  }
}

/** Stops the emulator and removes the repository. */
export async function stopBench(bench: Bench | undefined): Promise<void> {
  await bench?.gh.close()
  await bench?.repo.dispose()
}

/** After a normal test: nothing drifted from GitHub's schema, nothing crashed. */
export function expectNoViolations(gh: Emulator): void {
  expect(gh.violations).toEqual([])
  gh.violations.length = 0
}

/** The HTTP status of a rejected octokit call. */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call
  } catch (error) {
    return (error as { status?: number }).status ?? -1
  }
  throw new Error('expected the request to fail')
}

/** The body of a rejected octokit call. */
export async function errorBody(
  call: Promise<unknown>
): Promise<Record<string, unknown>> {
  try {
    await call
  } catch (error) {
    return (
      (error as { response?: { data?: Record<string, unknown> } }).response
        ?.data ?? {}
    )
  }
  throw new Error('expected the request to fail')
}
