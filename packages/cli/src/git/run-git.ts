import { execFile } from 'node:child_process'
import { ConfigurationError } from '@rehearse/core'

/** How a git command ended; `ok` is exit code 0. */
export interface GitResult {
  readonly ok: boolean
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs git with arguments as an array (execFile, no shell), so nothing in
 * them is ever interpreted. Resolves for any exit code; throws only when git
 * cannot be started. `env` adds variables (a commit's identity).
 */
export function runGit(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {}
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...gitEnv(), ...env } },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code
        if (code === 'ENOENT') {
          reject(
            new ConfigurationError(
              'git was not found on PATH: install git, which rehearse uses to read the repository.'
            )
          )
          return
        }
        const exit = error ? ((error as { code?: unknown }).code ?? null) : 0
        resolve({
          ok: !error,
          code: typeof exit === 'number' ? exit : null,
          stdout: stdout.trim(),
          stderr: stderr.trim()
        })
      }
    )
  })
}

/** Like {@link runGit}, but its stdout, or a ConfigurationError saying `what` failed. */
export async function gitOutput(
  cwd: string,
  args: readonly string[],
  what: string,
  env: Readonly<Record<string, string>> = {}
): Promise<string> {
  const result = await runGit(cwd, args, env)
  if (!result.ok) {
    throw new ConfigurationError(
      result.stderr ? `${what}: ${result.stderr}` : what
    )
  }
  return result.stdout
}

// Answers must not depend on the user's terminal or language.
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }
}
