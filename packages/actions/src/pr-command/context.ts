import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import type { CommandHeader, GitHubRepo } from '@rehearse/chatops'
import { ConfigurationError } from '@rehearse/core'
import type { Ledger, Locks } from '@rehearse/engine'
import {
  createGitHubLedger,
  createGitHubLocks,
  createOctokit,
  runLogUrl
} from '@rehearse/github'
import { readRunContext } from '../action-deps.js'
import { jobCancellation } from '../cancellation.js'

/** Everything pr-command talks to, for main and post alike. */
export interface PrGitHub {
  readonly gh: GitHubRepo
  readonly ledger: Ledger
  readonly locks: Locks
  readonly logUrl: string | undefined
  /** This run's lock identity; deploy-to-staging in this job shares it. */
  readonly runId: string
  /** GITHUB_RUN_ATTEMPT: a re-run takes over what an earlier attempt left. */
  readonly runAttempt: number
  readonly workspace: string
}

/** The GitHub side of pr-command, from the token and the runner's variables. */
export function connect(token: string): PrGitHub {
  const { workspace, owner, repo } = readRunContext()
  if (!token) {
    throw new ConfigurationError(
      'input "token" is empty: pass a token that can comment, react and read checks (the default is github.token)',
      { reason: 'missing_token' }
    )
  }
  core.setSecret(token)
  const octokit = createOctokit({
    token,
    logger: { warning: message => core.warning(message) },
    signal: jobCancellation()
  })
  const logUrl = runLogUrl()
  return {
    gh: { octokit, owner, repo },
    ledger: createGitHubLedger({ octokit, owner, repo, logUrl }),
    locks: createGitHubLocks({ octokit, owner, repo }),
    logUrl,
    runId: process.env.GITHUB_RUN_ID ?? 'local',
    runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1,
    workspace
  }
}

/** The webhook payload the run was triggered by (untrusted data). */
export function readEventPayload(): unknown {
  const path = process.env.GITHUB_EVENT_PATH
  if (!path) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    return undefined
  }
}

/** The command as typed, for replies: prefix and word, nothing user-given. */
export function header(
  prefix: string,
  kind: string,
  login: string,
  prNumber: number,
  logUrl: string | undefined
): CommandHeader {
  return { command: `${prefix}${kind}`, login, prNumber, logUrl }
}
