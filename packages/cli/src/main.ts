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
  try {
    return await dispatch(command, io)
  } catch (error) {
    if (isConfigurationError(error)) {
      const code = error.reason ? ` [${error.reason}]` : ''
      io.stderr(`rehearse: ${error.message}${code}\n`)
    } else {
      const detail =
        error instanceof Error ? (error.stack ?? error.message) : String(error)
      io.stderr(`rehearse: internal error (please report it): ${detail}\n`)
    }
    return EXIT.failure
  }
}

function dispatch(command: Command, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout(usage(command.topic))
      return Promise.resolve(EXIT.ok)
    case 'version':
      io.stdout(`rehearse ${VERSION}\n`)
      return Promise.resolve(EXIT.ok)
    case 'run':
      return runCommand(command, io)
    case 'promote':
      return promoteCommand(command, io)
    case 'rollback':
      return rollbackCommand(command, io)
    case 'status':
      return statusCommand(io)
    case 'history':
      return historyCommand(command, io)
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
