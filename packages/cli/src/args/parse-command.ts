import {
  countOption,
  minutesOption,
  parseOptions,
  prOption
} from './command-options.js'
import type { Values } from './command-options.js'
import { COMMAND_NAMES, UsageError } from './usage-error.js'
import type { CommandName } from './usage-error.js'

export { COMMAND_NAMES, UsageError }
export type { CommandName }

/** How many deployments `rehearse history` lists unless told. */
export const DEFAULT_HISTORY_LIMIT = 20

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
      /** Minutes to wait for another run's lock (`--wait`). */
      readonly wait?: number
      /** Why a change freeze in force is overridden (`--override-freeze`). */
      readonly overrideFreeze?: string
      /** The pull request whose instance of a per-PR environment runs. */
      readonly pr?: number
      /** One JSON document on stdout; progress goes to stderr. */
      readonly json: boolean
    }
  | {
      readonly kind: 'promote'
      readonly from: string
      readonly to: string
      readonly config?: string
      readonly sha?: string
      readonly defaultBranch?: string
      /** Minutes to wait for another run's lock (`--wait`). */
      readonly wait?: number
      /** Why a change freeze in force is overridden (`--override-freeze`). */
      readonly overrideFreeze?: string
      /** Check the gate and the plan; run and record nothing. */
      readonly noop: boolean
      /** One JSON document on stdout; progress goes to stderr. */
      readonly json: boolean
    }
  | {
      readonly kind: 'rollback'
      readonly env: string
      /** The release to go back to (default: the one before what it serves). */
      readonly to?: string
      readonly config?: string
      readonly wait?: number
    }
  | { readonly kind: 'status'; readonly json: boolean }
  | {
      readonly kind: 'history'
      readonly env: string
      /** How many attempts to list, newest first. */
      readonly limit: number
      readonly json: boolean
    }
  | { readonly kind: 'drift'; readonly config?: string }
  | { readonly kind: 'lock'; readonly env: string; readonly reason?: string }
  | { readonly kind: 'unlock'; readonly env: string; readonly force: boolean }
  | {
      readonly kind: 'teardown'
      /** A per-PR environment's instance (`preview/pr-42`), or its name with `pr`. */
      readonly env: string
      readonly pr?: number
      readonly config?: string
      readonly wait?: number
    }
  | {
      readonly kind: 'refresh'
      readonly env: string
      readonly config?: string
      /** Minutes to wait for another run's lock (`--wait`). */
      readonly wait?: number
    }
  | { readonly kind: 'demo' }
  /** Writes the plan, the workflows and the .gitignore entry. */
  | { readonly kind: 'init'; readonly force: boolean }

/**
 * Parses `rehearse <command> [options]` with node's parseArgs (strict: an
 * unknown option or a stray argument is a UsageError, never ignored).
 */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv
  if (first === undefined) {
    throw new UsageError(
      `missing command (${COMMAND_NAMES.slice(0, -1).join(', ')} or demo)`
    )
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

function toCommand(name: CommandName, values: Values): Command {
  const text = (key: string): string | undefined => {
    const value = values[key]
    if (value === '') throw new UsageError(`option --${key} is empty`, name)
    return typeof value === 'string' ? value : undefined
  }
  const env = (): string => String(values.environment)
  switch (name) {
    case 'run': {
      const target = text('env')
      if (!target) {
        throw new UsageError(
          'missing --env <environment> (e.g. --env staging)',
          name
        )
      }
      return {
        kind: 'run',
        env: target,
        config: text('config'),
        sha: text('sha'),
        noop: values.noop === true,
        wait: minutesOption(text('wait'), name),
        overrideFreeze: text('override-freeze'),
        pr: prOption(text('pr'), name),
        json: values.json === true
      }
    }
    case 'promote':
      return {
        kind: 'promote',
        from: text('from') ?? 'staging',
        to: text('to') ?? 'production',
        config: text('config'),
        sha: text('sha'),
        defaultBranch: text('default-branch'),
        wait: minutesOption(text('wait'), name),
        overrideFreeze: text('override-freeze'),
        noop: values.noop === true,
        json: values.json === true
      }
    case 'rollback':
      return {
        kind: 'rollback',
        env: env(),
        to: text('to'),
        config: text('config'),
        wait: minutesOption(text('wait'), name)
      }
    case 'history':
      return {
        kind: 'history',
        env: env(),
        limit: countOption(text('limit'), DEFAULT_HISTORY_LIMIT, name),
        json: values.json === true
      }
    case 'drift':
      return { kind: 'drift', config: text('config') }
    case 'lock':
      return { kind: 'lock', env: env(), reason: text('reason') }
    case 'unlock':
      return { kind: 'unlock', env: env(), force: values.force === true }
    case 'teardown':
      return {
        kind: 'teardown',
        env: env(),
        pr: prOption(text('pr'), name),
        config: text('config'),
        wait: minutesOption(text('wait'), name)
      }
    case 'refresh':
      return {
        kind: 'refresh',
        env: env(),
        config: text('config'),
        wait: minutesOption(text('wait'), name)
      }
    case 'init':
      return { kind: 'init', force: values.force === true }
    case 'status':
      return { kind: 'status', json: values.json === true }
    case 'demo':
      return { kind: name }
  }
}
