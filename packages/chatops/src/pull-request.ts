import type { GitHubRepo } from './github-repo.js'
import type { Refusal } from './refusal.js'

/** The pull request facts commands depend on. */
export interface PullFacts {
  readonly number: number
  readonly state: string
  readonly draft: boolean
  /** Full SHA of the head commit when it was read. */
  readonly headSha: string
  /** Head branch name: data only, never for a shell. */
  readonly headRef: string
  /** `owner/name` of the head repository; undefined when it was deleted. */
  readonly headRepository: string | undefined
  readonly baseRef: string
}

/** Exceptions an environment grants to pull requests (inputs `allow-*`). */
export interface PullPolicy {
  readonly allowForks: boolean
  readonly allowDrafts: boolean
  readonly allowNonDefaultBase: boolean
}

/** Nothing allowed: the default for every environment. */
export const STRICT_POLICY: PullPolicy = {
  allowForks: false,
  allowDrafts: false,
  allowNonDefaultBase: false
}

/** The policy of one environment, from lists of environments per exception. */
export function pullPolicyFor(
  environment: string,
  lists: {
    allowForks: readonly string[]
    allowDrafts: readonly string[]
    allowNonDefaultBase: readonly string[]
  }
): PullPolicy {
  return {
    allowForks: lists.allowForks.includes(environment),
    allowDrafts: lists.allowDrafts.includes(environment),
    allowNonDefaultBase: lists.allowNonDefaultBase.includes(environment)
  }
}

/** Reads the pull request as it is now. */
export async function readPull(
  gh: GitHubRepo,
  number: number
): Promise<PullFacts> {
  const { data } = await gh.octokit.rest.pulls.get({
    owner: gh.owner,
    repo: gh.repo,
    pull_number: number
  })
  return {
    number,
    state: data.state,
    draft: data.draft === true,
    headSha: data.head.sha.toLowerCase(),
    headRef: data.head.ref,
    headRepository: data.head.repo?.full_name,
    baseRef: data.base.ref
  }
}

/** A pull request's head and state, as GitHub has them now. */
export interface PullHead {
  /** Full SHA, lowercase. */
  readonly sha: string
  /** `open` or `closed`. */
  readonly state: string
}

/**
 * Reads the head again, for a last look right before a deploy acts on a
 * SHA chosen earlier (e.g. deploy-to-staging given pr-command's
 * `pr-number`): a different SHA or a closed PR means `ref_changed`.
 */
export async function readPullHead(
  gh: GitHubRepo,
  number: number
): Promise<PullHead> {
  const pull = await readPull(gh, number)
  return { sha: pull.headSha, state: pull.state }
}

/**
 * Refuses what runs code nobody with write access wrote or reviewed:
 * closed PRs, drafts, PRs from forks (or a deleted fork), and PRs into a
 * branch other than the default one (they bypass its protection) — each
 * unless the environment's policy allows it.
 */
export function checkPull(
  pull: PullFacts,
  context: { repository: string; defaultBranch: string; environment: string },
  policy: PullPolicy
): Refusal | undefined {
  const allow = (input: string) =>
    `To allow it, add ${context.environment} to pr-command's "${input}" input.`
  if (pull.state !== 'open') {
    return {
      reason: 'pr_closed',
      message: `#${pull.number} is ${pull.state}; commands run on open pull requests only.`
    }
  }
  if (pull.draft && !policy.allowDrafts) {
    return {
      reason: 'pr_draft',
      message: `#${pull.number} is a draft. Mark it ready for review first. ${allow('allow-drafts')}`
    }
  }
  const sameRepo =
    pull.headRepository?.toLowerCase() === context.repository.toLowerCase()
  if (!sameRepo && !policy.allowForks) {
    return {
      reason: 'pr_from_fork',
      message: `#${pull.number} comes from ${pull.headRepository ? `the fork ${pull.headRepository}` : 'a deleted fork'}; its code would run with this repository's secrets. ${allow('allow-forks')}`
    }
  }
  if (pull.baseRef !== context.defaultBranch && !policy.allowNonDefaultBase) {
    return {
      reason: 'non_default_base',
      message: `#${pull.number} targets ${pull.baseRef}, not ${context.defaultBranch}, so ${context.defaultBranch}'s protection never checked it. ${allow('allow-non-default-base')}`
    }
  }
  return undefined
}
