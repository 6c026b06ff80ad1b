import { parseArgs } from 'node:util'
import { UsageError } from './usage-error.js'
import type { CommandName } from './usage-error.js'

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options']

const HELP = { help: { type: 'boolean', short: 'h' } } as const
// One JSON document on stdout for scripts (the README documents its shape).
const JSON_OUTPUT = { json: { type: 'boolean' } } as const
const PLAN = {
  config: { type: 'string' },
  sha: { type: 'string' },
  wait: { type: 'string' },
  'override-freeze': { type: 'string' }
} as const

/** Each command's options (strict: any other is a UsageError). */
const OPTIONS = {
  run: {
    ...HELP,
    ...PLAN,
    ...JSON_OUTPUT,
    env: { type: 'string' },
    noop: { type: 'boolean' },
    pr: { type: 'string' }
  },
  promote: {
    ...HELP,
    ...PLAN,
    ...JSON_OUTPUT,
    noop: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    'default-branch': { type: 'string' }
  },
  rollback: {
    ...HELP,
    to: { type: 'string' },
    config: { type: 'string' },
    wait: { type: 'string' }
  },
  status: { ...HELP, ...JSON_OUTPUT },
  lock: { ...HELP, reason: { type: 'string' } },
  unlock: { ...HELP, force: { type: 'boolean' } },
  history: { ...HELP, ...JSON_OUTPUT, limit: { type: 'string' } },
  drift: { ...HELP, config: { type: 'string' } },
  teardown: {
    ...HELP,
    pr: { type: 'string' },
    config: { type: 'string' },
    wait: { type: 'string' }
  },
  refresh: { ...HELP, config: { type: 'string' }, wait: { type: 'string' } },
  demo: HELP,
  init: { ...HELP, force: { type: 'boolean' } }
} as const satisfies Record<CommandName, OptionSpec>

/** Commands that take one environment as their argument. */
const TAKES_ENVIRONMENT: readonly CommandName[] = [
  'lock',
  'unlock',
  'history',
  'rollback',
  'teardown',
  'refresh'
]

/** The options given, and the environment argument of those that take one. */
export type Values = Record<string, string | boolean | undefined>

/** Reads a command's options with node's parseArgs. */
export function parseOptions(
  name: CommandName,
  args: readonly string[]
): Values {
  let parsed: { values: Values; positionals: string[] }
  try {
    parsed = parseArgs({
      args: [...args],
      options: OPTIONS[name],
      strict: true,
      allowPositionals: true
    }) as { values: Values; positionals: string[] }
  } catch (error) {
    throw new UsageError(describeParseError(error), name)
  }
  const { values, positionals } = parsed
  if (values.help) return values
  const takes = TAKES_ENVIRONMENT.includes(name) ? 1 : 0
  if (positionals.length > takes) {
    throw new UsageError(`unexpected argument "${positionals[takes]}"`, name)
  }
  if (takes === 0) return values
  const [environment] = positionals
  if (!environment) {
    throw new UsageError(
      `missing <environment> (e.g. rehearse ${name} staging)`,
      name
    )
  }
  return { ...values, environment }
}

// Node's messages suggest `--` for positionals, which rehearse never takes.
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string }
  const option = /'(-[^' ]+)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `unknown option ${option}`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (message.includes('ambiguous')) {
      return `option ${option} needs a value (one starting with "-" is written ${option}=<value>)`
    }
    return message.includes('argument missing')
      ? `option ${option} needs a value`
      : `option ${option} takes no value`
  }
  return message
}

/** `--wait <minutes>`: a number of minutes ≥ 0, or undefined when not given. */
export function minutesOption(
  value: string | undefined,
  name: CommandName
): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(
      `option --wait takes minutes, a number ≥ 0 (got "${value}"), e.g. --wait 10`,
      name
    )
  }
  return Number(value)
}

/** `--limit <n>`: a whole number ≥ 1, else `fallback`. */
export function countOption(
  value: string | undefined,
  fallback: number,
  name: CommandName
): number {
  if (value === undefined) return fallback
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(
      `option --limit takes a whole number ≥ 1 (got "${value}"), e.g. --limit 50`,
      name
    )
  }
  return Number(value)
}

/** `--pr <n>`: a pull request number, or undefined when not given. */
export function prOption(
  value: string | undefined,
  name: CommandName
): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9]\d{0,9}$/.test(value)) {
    throw new UsageError(
      `option --pr takes a pull request number (got "${value}"), e.g. --pr 42`,
      name
    )
  }
  return Number(value)
}
