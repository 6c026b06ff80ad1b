import { isConfigurationError } from '@rehearse/core'
import { parseCommand, UsageError } from './args/parse-command.js'
import type { Command } from './args/parse-command.js'
import { usage } from './args/usage.js'
import type { CliIo } from './commands/cli-io.js'
import { historyCommand } from './commands/history-command.js'
import { lockCommand, unlockCommand } from './commands/lock-command.js'
import { promoteCommand } from './commands/promote-command.js'
import { rollbackCommand } from './commands/rollback-command.js'
import { runCommand } from './commands/run-command.js'
import { statusCommand } from './commands/status-command.js'
import { refreshCommand } from './commands/refresh-command.js'
import { teardownCommand } from './commands/teardown-command.js'
import { driftCommand } from './commands/drift-command.js'
import { demoCommand } from './demo/demo-command.js'
import { initCommand } from './commands/init-command.js'
import { VERSION } from './version.js'
import { inCliWords } from './commands/cli-words.js'
import { errorDocument, writeJson } from './commands/json-output.js'

/** Exit codes: done, failed or refused, called wrongly. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/**
 * Runs one `rehearse` invocation and returns its exit code. Never throws:
 * usage errors print the command's usage (2); problems the user can fix
 * print `rehearse: <message>` without a stack (1); anything else is a bug,
 * printed with its stack (1).
 */
export async function main(
  argv: readonly string[],
  io: CliIo
): Promise<number> {
  let command: Command
  try {
    command = parseCommand(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    const help = error.command
      ? `rehearse ${error.command} --help`
      : 'rehearse --help'
    io.stderr(`rehearse: ${error.message}\nRun "${help}" for usage.\n`)
    return EXIT.usage
  }
  // With --json, stdout carries one document for scripts; what a person
  // reads (progress, the gate's checklist) goes to stderr instead.
  const json = 'json' in command && command.json ? io.stdout : undefined
  const human: CliIo = json ? { ...io, stdout: io.stderr } : io
  try {
    return await dispatch(command, human, json)
  } catch (error) {
    if (isConfigurationError(error)) {
      const message = inCliWords(error.message)
      const code = error.reason ? ` [${error.reason}]` : ''
      io.stderr(`rehearse: ${message}${code}\n`)
      if (json) {
        writeJson(json, errorDocument(command.kind, message, error.reason))
      }
    } else {
      const detail =
        error instanceof Error ? (error.stack ?? error.message) : String(error)
      io.stderr(`rehearse: internal error (please report it): ${detail}\n`)
    }
    return EXIT.failure
  }
}

function dispatch(
  command: Command,
  io: CliIo,
  json: ((text: string) => void) | undefined
): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout(usage(command.topic))
      return Promise.resolve(EXIT.ok)
    case 'version':
      io.stdout(`rehearse ${VERSION}\n`)
      return Promise.resolve(EXIT.ok)
    case 'run':
      return runCommand(command, io, json)
    case 'promote':
      return promoteCommand(command, io, json)
    case 'rollback':
      return rollbackCommand(command, io)
    case 'status':
      return statusCommand(io, json)
    case 'history':
      return historyCommand(command, io, json)
    case 'drift':
      return driftCommand(command, io)
    case 'lock':
      return lockCommand(command, io)
    case 'unlock':
      return unlockCommand(command, io)
    case 'teardown':
      return teardownCommand(command, io)
    case 'refresh':
      return refreshCommand(command, io)
    case 'demo':
      return demoCommand(io, main)
    case 'init':
      return initCommand(command, io)
  }
}
