import type { Octokit } from '@octokit/rest'
import type { SourceControl } from '@rehearse/engine'
import { gitHeadSha } from './git-head.js'
import { callGitHub, httpFailure } from './github-errors.js'
import { fullSha } from './repo-context.js'

/** The repository on GitHub and its checkout on the runner. */
export interface GitHubSourceControlOptions {
  readonly octokit: Octokit
  readonly owner: string
  readonly repo: string
  /** The checkout (usually GITHUB_WORKSPACE). */
  readonly workspace: string
}

const READ_CONTENTS = 'contents: read'

// Remembers a successful answer; a failed one is asked again next time.
function rememberSuccess<T>(load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined
  return () => {
    if (cached) return cached
    const attempt = load()
    cached = attempt
    attempt.catch(() => {
      if (cached === attempt) cached = undefined
    })
    return attempt
  }
}

/**
 * {@link SourceControl} from the local checkout (HEAD) and GitHub's API
 * (trees and branch membership, which a shallow checkout cannot answer).
 */
export function createGitHubSourceControl(
  options: GitHubSourceControlOptions
): SourceControl {
  const { octokit, owner, repo } = options
  const repository = `${owner}/${repo}`
  // The default branch does not change during a run: ask once.
  const defaultBranch = rememberSuccess(async () => {
    const { data } = await octokit.rest.repos.get({ owner, repo })
    return data.default_branch
  })
  return {
    headSha: () => gitHeadSha(options.workspace),
    treeOf: sha => {
      const commit = fullSha(sha)
      const call = {
        action: `reading commit ${commit}`,
        permission: READ_CONTENTS,
        notFound: `GitHub has no commit ${commit} in ${repository}: push it first.`
      }
      return callGitHub(call, repository, async () => {
        const { data } = await octokit.rest.git.getCommit({
          owner,
          repo,
          commit_sha: commit
        })
        return data.tree.sha
      })
    },
    isOnDefaultBranch: sha => {
      const call = {
        action: 'comparing with the default branch',
        permission: READ_CONTENTS
      }
      return callGitHub(call, repository, async () =>
        contains(octokit, { owner, repo }, await defaultBranch(), fullSha(sha))
      )
    }
  }
}

/**
 * Whether `branch` contains the commit: comparing `branch...sha`, the
 * commit is the branch head (`identical`) or an ancestor of it (`behind`).
 * `ahead`/`diverged` mean it has commits the branch lacks.
 */
async function contains(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  branch: string,
  sha: string
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repository,
      basehead: `${branch}...${sha}`,
      // Only the status matters; do not download the commit list.
      per_page: 1
    })
    return data.status === 'identical' || data.status === 'behind'
  } catch (error) {
    // 404: GitHub does not know the commit, or it shares no history with
    // the branch. Either way the branch does not contain it.
    if (httpFailure(error)?.status === 404) return false
    throw error
  }
}
