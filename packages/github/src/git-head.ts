import { execFile } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { promisify } from 'node:util'
import { ConfigurationError } from '@rehearse/core'

const execFileAsync = promisify(execFile)
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

function firstLine(error: unknown): string {
  const { stderr, message } = error as { stderr?: unknown; message?: unknown }
  const text =
    typeof stderr === 'string' && stderr.trim() ? stderr : String(message)
  return text.trim().split('\n')[0] ?? ''
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

/**
 * The full SHA of HEAD in `workspace` (`git rev-parse`, no shell). A
 * workspace that is missing, not a git repository or has no commit yet
 * means the job skipped actions/checkout: a ConfigurationError says so.
 */
export async function gitHeadSha(workspace: string): Promise<string> {
  const hint = 'run actions/checkout first'
  if (!(await isDirectory(workspace))) {
    throw new ConfigurationError(
      `The workspace ${workspace} does not exist: ${hint}.`,
      { reason: 'no_checkout' }
    )
  }
  let stdout: string
  try {
    ;({ stdout } = await execFileAsync(
      'git',
      ['rev-parse', '--verify', 'HEAD'],
      {
        cwd: workspace,
        timeout: 30_000
      }
    ))
  } catch (error) {
    throw new ConfigurationError(
      `${workspace} is not a git checkout (git rev-parse HEAD: ${firstLine(error)}): ${hint}.`,
      { reason: 'no_checkout', cause: error }
    )
  }
  const sha = stdout.trim()
  if (!FULL_SHA.test(sha))
    throw new Error(`git rev-parse HEAD printed "${sha}", not a commit SHA`)
  return sha
}
