import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** The per-step files and the env var that points at each. */
export const FILE_COMMANDS = {
  output: { env: 'GITHUB_OUTPUT', prefix: 'set_output_' },
  state: { env: 'GITHUB_STATE', prefix: 'save_state_' },
  env: { env: 'GITHUB_ENV', prefix: 'set_env_' },
  path: { env: 'GITHUB_PATH', prefix: 'add_path_' },
  step_summary: { env: 'GITHUB_STEP_SUMMARY', prefix: 'step_summary_' }
} as const

export type FileCommandName = keyof typeof FILE_COMMANDS
/** One step's command files, by name. */
export type FileCommandPaths = Record<FileCommandName, string>

/** The result of reading a `GITHUB_OUTPUT`-style file. */
export interface KeyValueFile {
  /** Pairs read before any error, in file order; later ones win. */
  values: Record<string, string>
  /** The runner's message for the first malformed entry. */
  error?: string
}

/** The runner refuses a step summary above 1 MiB. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024

/**
 * Creates fresh, empty command files for one step, as the runner does
 * before every step (so a step never sees what the previous one wrote).
 */
export async function createFileCommands(
  directory: string,
  suffix: string
): Promise<FileCommandPaths> {
  const paths = {} as FileCommandPaths
  for (const [name, spec] of Object.entries(FILE_COMMANDS)) {
    const file = path.join(directory, `${spec.prefix}${suffix}`)
    await writeFile(file, '')
    paths[name as FileCommandName] = file
  }
  return paths
}

/** Reads a command file; one the step deleted reads as empty. */
export async function readFileCommand(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return ''
  }
}

/**
 * Parses `name=value` lines and `name<<DELIMITER` heredocs exactly like the
 * runner: LF line ends only, empty lines skipped, the first `=` or `<<`
 * (whichever comes first) decides the form, and a heredoc ends at the first
 * line equal to its delimiter. So a value that contains the delimiter line
 * ends early and what follows is read as more entries, usually an error.
 */
export function parseKeyValueFile(text: string): KeyValueFile {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  // A trailing LF does not start another (empty) line.
  if (lines[lines.length - 1] === '') lines.pop()
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals)
      if (name === '') {
        return failed(
          values,
          `Invalid format '${line}'. Name must not be empty`
        )
      }
      values[name] = line.slice(equals + 1)
      continue
    }
    if (heredoc < 0) return failed(values, `Invalid format '${line}'`)
    const name = line.slice(0, heredoc)
    const delimiter = line.slice(heredoc + 2)
    if (name === '' || delimiter === '') {
      return failed(
        values,
        `Invalid format '${line}'. Name must not be empty and delimiter must not be empty`
      )
    }
    const end = lines.indexOf(delimiter, index + 1)
    if (end < 0) {
      return failed(
        values,
        `Invalid value. Matching delimiter not found '${delimiter}'`
      )
    }
    values[name] = lines.slice(index + 1, end).join('\n')
    index = end
  }
  return { values }
}

function failed(values: Record<string, string>, error: string): KeyValueFile {
  return { values, error }
}

/** Parses `GITHUB_PATH`: one directory per non-empty line. */
export function parsePathFile(text: string): string[] {
  // The runner reads this one with ReadAllLines, which also splits on CR.
  return text.split(/\r\n|\r|\n/).filter(line => line !== '')
}
