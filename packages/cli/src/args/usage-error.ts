/** The commands `rehearse` knows, in the order its help lists them. */
export const COMMAND_NAMES = [
  'init',
  'run',
  'promote',
  'rollback',
  'status',
  'history',
  'drift',
  'lock',
  'unlock',
  'teardown',
  'refresh',
  'demo'
] as const

export type CommandName = (typeof COMMAND_NAMES)[number]

/** A mistake in how rehearse was called (exit code 2). */
export class UsageError extends Error {
  /** The command whose usage to show, if known. */
  readonly command: CommandName | undefined

  constructor(message: string, command?: CommandName) {
    super(message)
    this.name = 'UsageError'
    this.command = command
  }
}
