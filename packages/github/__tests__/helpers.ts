import { expect } from '@jest/globals'
import { createGitRepo, startEmulator } from '@rehearse/bench'
import type { Emulator, GitRepo } from '@rehearse/bench'
import type { DeploymentPayload, DeploymentRequest } from '@rehearse/engine'
import { createGitHubLedger, createOctokit } from '../src/index.js'
import type { GitHubOctokit } from '../src/index.js'

// Writes stay serialized but are not spaced 1 s apart (see the README).

export const OWNER = 'acme'
export const REPO = 'widgets'
export const LOG_URL = 'https://github.com/acme/widgets/actions/runs/42'

/** An emulator over a fresh git repository, and the adapters under test. */
export interface Bench {
  gh: Emulator
  repo: GitRepo
  octokit: GitHubOctokit
  /** Everything the adapters logged as a warning. */
  warnings: string[]
  /** sha of the first commit on main. */
  initial: string
}

/** An octokit of this package pointed at the emulator, logging into `warnings`. */
export function octokitFor(
  gh: Emulator,
  warnings: string[],
  token = 'test-token'
): GitHubOctokit {
  return createOctokit({
    token,
    baseUrl: gh.url,
    logger: { warning: message => warnings.push(message) }
  })
}

export async function startBench(): Promise<Bench> {
  const repo = await createGitRepo()
  const initial = await repo.commit({
    files: { 'README.md': '# widgets\n' },
    message: 'Initial commit'
  })
  const gh = await startEmulator({ owner: OWNER, repo: REPO, gitDir: repo.dir })
  const warnings: string[] = []
  return { gh, repo, octokit: octokitFor(gh, warnings), warnings, initial }
}

export async function stopBench(bench: Bench | undefined): Promise<void> {
  await bench?.gh.close()
  await bench?.repo.dispose()
}

/** The ledger under test, on the bench's repository. */
export function ledgerOf(bench: Bench, logUrl: string | undefined = LOG_URL) {
  return createGitHubLedger({
    octokit: bench.octokit,
    owner: OWNER,
    repo: REPO,
    logUrl
  })
}

/** Every request must have matched GitHub's OpenAPI, and every response too. */
export function expectNoViolations(gh: Emulator): void {
  expect(gh.violations).toEqual([])
  expect(gh.unknownRoutes).toEqual([])
}

export const payload: DeploymentPayload = {
  rehearse: 1,
  fingerprint: 'sha256:abc123',
  parts: { plan: 'p1', artifact: 'a1' },
  plan: {
    steps: ['Apply manifests'],
    artifact: 'ghcr.io/acme/widgets:1',
    strategy: 'direct'
  },
  variables: ['REPLICAS']
}

export function deploymentRequest(
  sha: string,
  environment = 'staging',
  extra: Partial<DeploymentRequest> = {}
): DeploymentRequest {
  return {
    environment,
    sha,
    payload,
    production: environment === 'production',
    transient: false,
    description: `Rehearse: ${environment}`,
    ...extra
  }
}

/** Deployments the emulator holds for an environment and sha. */
export function deploymentsIn(gh: Emulator, environment: string, sha: string) {
  return gh.state.deployments.filter(
    d => d.environment === environment && d.sha === sha
  )
}
