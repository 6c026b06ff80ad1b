import { execFile } from 'node:child_process'

/** A git command that exited non-zero; keeps stderr for the test log. */
export class GitError extends Error {
  readonly args: readonly string[]
  readonly exitCode: number | undefined
  readonly stderr: string

  constructor(
    args: readonly string[],
    exitCode: number | undefined,
    stderr: string
  ) {
    super(`git ${args.join(' ')} failed (${exitCode}): ${stderr.trim()}`)
    this.name = 'GitError'
    this.args = args
    this.exitCode = exitCode
    this.stderr = stderr
  }
}

/** Output of a git command that was allowed to fail. */
export interface GitResult {
  stdout: string
  stderr: string
  exitCode: number
}

/** Extra environment for a git invocation (identity, dates, ...). */
export type GitEnv = Record<string, string>

// Variables that would make git act on another repository than `cwd`
// (they leak in when tests run from a git hook or a CI step).
const LEAKY = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY'
]

function gitEnvironment(extra: GitEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of LEAKY) delete env[name]
  return {
    ...env,
    // The machine's or user's git config (signing, hooks, default branch)
    // must not change what a throwaway repository looks like.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...extra
  }
}

/**
 * Runs git in `cwd` without a shell and resolves whatever the exit code;
 * callers that treat failure as an answer (rev-parse --verify, merge-base
 * --is-ancestor) read `exitCode`.
 */
export function tryGit(
  cwd: string,
  args: readonly string[],
  env: GitEnv = {}
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: gitEnvironment(env), maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error)
          return
        }
        const exitCode = error ? Number(error.code) : 0
        resolve({ stdout, stderr, exitCode })
      }
    )
  })
}

/** Runs git in `cwd` and returns stdout; throws {@link GitError} on failure. */
export async function git(
  cwd: string,
  args: readonly string[],
  env: GitEnv = {}
): Promise<string> {
  const result = await tryGit(cwd, args, env)
  if (result.exitCode !== 0)
    throw new GitError(args, result.exitCode, result.stderr)
  return result.stdout
}
