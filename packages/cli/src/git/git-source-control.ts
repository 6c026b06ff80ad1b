import { ConfigurationError } from '@rehearse/core'
import type { SourceControl } from '@rehearse/engine'
import { gitOutput, runGit } from './run-git.js'

/** Settings of {@link createGitSourceControl}. */
export interface GitSourceControlOptions {
  /**
   * The default branch (`--default-branch`). Unset: the branch `origin/HEAD`
   * points to, else `main`.
   */
  readonly defaultBranch?: string
}

const COMMIT_ID = /^[0-9a-f]{4,64}$/i

/**
 * The SourceControl of a local clone, answered by the git CLI: HEAD, tree
 * ids (a merge with the rehearsed tree is the same code), and whether a
 * commit is on the default branch. Independent of `init.defaultBranch`.
 */
export function createGitSourceControl(
  workspace: string,
  options: GitSourceControlOptions = {}
): SourceControl {
  return {
    headSha: () =>
      gitOutput(
        workspace,
        ['rev-parse', '--verify', 'HEAD^{commit}'],
        'cannot read HEAD (does the repository have a commit yet?)'
      ),
    treeOf: async sha =>
      gitOutput(
        workspace,
        ['rev-parse', '--verify', `${commitId(sha)}^{tree}`],
        `commit ${sha} is not in this repository (fetch it, or delete the local ledger entry that names it)`
      ),
    isOnDefaultBranch: async sha => {
      const branch = await defaultBranchRef(workspace, options.defaultBranch)
      const result = await runGit(workspace, [
        'merge-base',
        '--is-ancestor',
        commitId(sha),
        branch
      ])
      if (result.ok) return true
      if (result.code === 1) return false
      throw new ConfigurationError(
        `cannot tell whether ${sha} is on ${branch}: ${result.stderr}`
      )
    }
  }
}

// Only hex ids reach git as revisions, so nothing can be read as an option.
function commitId(sha: string): string {
  if (!COMMIT_ID.test(sha)) {
    throw new ConfigurationError(`"${sha}" is not a commit SHA`)
  }
  return sha
}

/**
 * The ref of the default branch: the configured branch, else `origin/HEAD`,
 * else `main`; a local branch first, then its `origin/` copy.
 */
export async function defaultBranchRef(
  workspace: string,
  configured: string | undefined
): Promise<string> {
  const remoteHead = configured
    ? undefined
    : await runGit(workspace, [
        'symbolic-ref',
        '--quiet',
        'refs/remotes/origin/HEAD'
      ])
  if (remoteHead?.ok && remoteHead.stdout) return remoteHead.stdout
  const name = configured ?? 'main'
  for (const ref of [`refs/heads/${name}`, `refs/remotes/origin/${name}`]) {
    const found = await runGit(workspace, [
      'rev-parse',
      '--verify',
      '--quiet',
      ref
    ])
    if (found.ok) return ref
  }
  throw new ConfigurationError(
    `the default branch "${name}" does not exist here (no refs/heads/${name} or refs/remotes/origin/${name}). Pass --default-branch <name>.`,
    { reason: 'no_default_branch' }
  )
}
