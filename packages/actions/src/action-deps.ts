import * as core from '@actions/core'
import { jobCancellation } from './cancellation.js'
import { ConfigurationError } from '@rehearse/core'
import { createProcessRunner } from '@rehearse/engine'
import type { PipelineDeps } from '@rehearse/engine'
import {
  createGitHubLedger,
  createGitHubLocks,
  createGitHubSourceControl,
  createOctokit,
  runLogUrl
} from '@rehearse/github'
import type { GitHubOctokit } from '@rehearse/github'
import { createCoreReporter } from './core-reporter.js'
import { dataGate } from '@rehearse/data/gate'

export interface ActionContext {
  readonly workspace: string
  readonly owner: string
  readonly repo: string
  readonly octokit: GitHubOctokit
  readonly deps: PipelineDeps
}

/** The repository and workspace this job runs in, from the runner's variables. */
export function readRunContext(env = process.env): {
  workspace: string
  owner: string
  repo: string
} {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo) {
    throw new ConfigurationError(
      'GITHUB_REPOSITORY is not set: run this action in a GitHub Actions job'
    )
  }
  return { workspace: env.GITHUB_WORKSPACE ?? process.cwd(), owner, repo }
}

/**
 * Wires the engine to GitHub: its Deployments and statuses as the ledger, the
 * checkout and API as source control. Cancelling the job aborts `signal`.
 */
export function createActionContext(token: string): ActionContext {
  const { workspace, owner, repo } = readRunContext()
  if (!token) {
    throw new ConfigurationError(
      'input "token" is empty: pass a token with deployments and statuses write (the default is github.token)'
    )
  }
  core.setSecret(token)
  const signal = jobCancellation()
  const octokit = createOctokit({
    token,
    logger: { warning: message => core.warning(message) },
    signal
  })
  const logUrl = runLogUrl()
  return {
    workspace,
    owner,
    repo,
    octokit,
    deps: {
      ledger: createGitHubLedger({ octokit, owner, repo, logUrl }),
      source: createGitHubSourceControl({ octokit, owner, repo, workspace }),
      runner: createProcessRunner(),
      reporter: createCoreReporter(),
      clock: { now: () => new Date() },
      signal,
      baseEnv: inheritedEnv(),
      logUrl,
      locks: createGitHubLocks({ octokit, owner, repo }),
      // A lock pr-command took for this run is this run's to deploy under.
      runId: process.env.GITHUB_RUN_ID ?? 'local',
      runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1,
      actor:
        process.env.GITHUB_TRIGGERING_ACTOR ||
        process.env.GITHUB_ACTOR ||
        'unknown',
      gateExtensions: [dataGate]
    }
  }
}

// Steps get the job's environment (secrets mapped with env:, PATH, HOME) but
// not the action's own inputs, which may hold the token.
function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith('INPUT_')
    )
  )
}
