import { ConfigurationError } from '@rehearse/core'
import { gitOutput, runGit } from './run-git.js'

/** The root of the git work tree containing `cwd`. */
export async function findRepositoryRoot(cwd: string): Promise<string> {
  const result = await runGit(cwd, ['rev-parse', '--show-toplevel'])
  if (!result.ok || !result.stdout) {
    throw new ConfigurationError(
      `${cwd} is not inside a git repository. Run rehearse in your application's repository (rehearse deploys commits).`,
      { reason: 'not_a_repository' }
    )
  }
  return result.stdout
}

/** The full SHA of a revision the user named (`--sha`, possibly short). */
export async function resolveCommit(
  root: string,
  rev: string
): Promise<string> {
  if (rev.startsWith('-')) {
    throw new ConfigurationError(`--sha: "${rev}" is not a commit`)
  }
  return gitOutput(
    root,
    ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`],
    `--sha: "${rev}" is not a commit in this repository`
  )
}

/** The checked-out branch (`REHEARSE_REF`), or undefined on a detached HEAD. */
export async function currentBranch(root: string): Promise<string | undefined> {
  const result = await runGit(root, [
    'symbolic-ref',
    '--quiet',
    '--short',
    'HEAD'
  ])
  return result.ok && result.stdout ? result.stdout : undefined
}

/** Tracked files that differ from HEAD, staged or not (untracked files don't count). */
export async function changedFiles(root: string): Promise<string[]> {
  const result = await runGit(root, ['diff', '--name-only', 'HEAD', '--'])
  if (!result.ok) return []
  return result.stdout.split('\n').filter(line => line !== '')
}
