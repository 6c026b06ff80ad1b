import { parseArgs } from 'node:util'

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

export type CommandName = 'run' | 'promote' | 'status' | 'demo'

export const COMMAND_NAMES: readonly CommandName[] = [
  'run',
  'promote',
  'status',
  'demo'
]

/** What the command line asked for. */
export type Command =
  | { readonly kind: 'help'; readonly topic?: CommandName }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run'
      readonly env: string
      readonly config?: string
      readonly sha?: string
      readonly noop: boolean
    }
  | {
      readonly kind: 'promote'
      readonly from: string
      readonly to: string
      readonly config?: string
      readonly sha?: string
      readonly defaultBranch?: string
    }
  | { readonly kind: 'status' }
  | { readonly kind: 'demo' }

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options']

const HELP = { help: { type: 'boolean', short: 'h' } } as const
const PLAN = { config: { type: 'string' }, sha: { type: 'string' } } as const

const OPTIONS = {
  run: { ...HELP, ...PLAN, env: { type: 'string' }, noop: { type: 'boolean' } },
  promote: {
    ...HELP,
    ...PLAN,
    from: { type: 'string' },
    to: { type: 'string' },
    'default-branch': { type: 'string' }
  },
  status: HELP,
  demo: HELP
} as const satisfies Record<CommandName, OptionSpec>

/**
 * Parses `rehearse <command> [options]` with node's parseArgs (strict: an
 * unknown option or a stray argument is a UsageError, never ignored).
 */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv
  if (first === undefined) {
    throw new UsageError('missing command (run, promote, status or demo)')
  }
  if (first === '--help' || first === '-h') {
    if (rest.length > 0) throw new UsageError(`unexpected "${rest[0]}"`)
    return { kind: 'help' }
  }
  if (first === '--version' || first === '-v') return { kind: 'version' }
  if (first === 'help') return { kind: 'help', topic: commandName(rest[0]) }
  const name = commandName(first)
  if (!name) {
    throw new UsageError(
      first.startsWith('-')
        ? `unknown option ${first} (commands come first: rehearse <command> [options])`
        : `unknown command "${first}" (commands: ${COMMAND_NAMES.join(', ')})`
    )
  }
  const values = parseOptions(name, rest)
  if (values.help) return { kind: 'help', topic: name }
  return toCommand(name, values)
}

function commandName(word: string | undefined): CommandName | undefined {
  return COMMAND_NAMES.find(name => name === word)
}

type Values = Record<string, string | boolean | undefined>

function parseOptions(name: CommandName, args: readonly string[]): Values {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: OPTIONS[name],
      strict: true,
      allowPositionals: true
    })
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument "${positionals[0]}"`, name)
    }
    return values as Values
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(describeParseError(error), name)
  }
}

// Node's messages suggest `--` for positionals, which rehearse never takes.
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string }
  const option = /'(-[^' ]+)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `unknown option ${option}`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return message.includes('argument missing')
      ? `option ${option} needs a value`
      : `option ${option} takes no value`
  }
  return message
}

function toCommand(name: CommandName, values: Values): Command {
  const text = (key: string): string | undefined => {
    const value = values[key]
    if (value === '') throw new UsageError(`option --${key} is empty`, name)
    return typeof value === 'string' ? value : undefined
  }
  switch (name) {
    case 'run': {
      const env = text('env')
      if (!env) {
        throw new UsageError(
          'missing --env <environment> (e.g. --env staging)',
          name
        )
      }
      const noop = values.noop === true
      return {
        kind: 'run',
        env,
        config: text('config'),
        sha: text('sha'),
        noop
      }
    }
    case 'promote':
      return {
        kind: 'promote',
        from: text('from') ?? 'staging',
        to: text('to') ?? 'production',
        config: text('config'),
        sha: text('sha'),
        defaultBranch: text('default-branch')
      }
    case 'status':
      return { kind: 'status' }
    case 'demo':
      return { kind: 'demo' }
  }
}
