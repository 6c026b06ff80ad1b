/** The commands a pull-request comment can give. */
export type CommandKind =
  'deploy' | 'noop' | 'rollback' | 'lock' | 'unlock' | 'status' | 'help'

/** A comment that is a command, with its parameters as data. */
export interface Command {
  readonly kind: CommandKind
  /** The environment named in the comment; undefined: the default. */
  readonly environment?: string
  /** `.lock --reason "…"`. */
  readonly reason?: string
}

/** What a comment is: a command, a known command used wrongly, or nothing. */
export type ParsedComment =
  | { readonly type: 'command'; readonly command: Command }
  | {
      readonly type: 'invalid'
      readonly kind: CommandKind
      /** What is wrong, for the reply (quotes no comment text). */
      readonly problem: string
    }
  | { readonly type: 'none' }

const WORDS: readonly CommandKind[] = [
  'deploy',
  'noop',
  'rollback',
  'lock',
  'unlock',
  'status',
  'help'
]
// Only these separate words; NBSP and other Unicode spaces do not, so
// ".deploy\u00a0x" is no command at all rather than a surprising one.
const SPACE = /[ \t]+/
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/
const MAX_REASON = 200
// Only the first line is read, and only this much of it.
const MAX_LINE = 1000

/**
 * Reads a command from the start of a comment: the prefix and a command
 * word at the very beginning, followed by a space, a tab, a line break or
 * the end. Anything else (`.deployx`, quoted or fenced text, a leading
 * space) is no command. Parameters are parsed as data, never evaluated.
 */
export function parseCommand(body: string, prefix: string): ParsedComment {
  if (!prefix || !body.startsWith(prefix)) return { type: 'none' }
  const line = firstLine(body.slice(prefix.length))
  const [word = '', ...rest] = line.split(SPACE)
  const kind = WORDS.find(known => known === word)
  if (!kind) return { type: 'none' }
  const after = line.slice(word.length)
  if (after !== '' && !SPACE.test(after[0] ?? '')) return { type: 'none' }
  const args = rest.filter(arg => arg !== '')
  const problem = (text: string): ParsedComment => ({
    type: 'invalid',
    kind,
    problem: text
  })
  if (kind === 'lock') return parseLock(after.trim(), problem)
  if (kind === 'status' || kind === 'help') {
    return args.length === 0
      ? { type: 'command', command: { kind } }
      : problem(`${kind} takes no parameters`)
  }
  let effective: CommandKind = kind
  if (kind === 'deploy' && args[0] === 'noop') {
    effective = 'noop'
    args.shift()
  }
  if (args.length > 1) return problem('give at most one environment')
  const environment = args[0]
  if (environment === undefined)
    return { type: 'command', command: { kind: effective } }
  if (!ENVIRONMENT.test(environment))
    return problem('the environment must be a name from the plan')
  return { type: 'command', command: { kind: effective, environment } }
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/)
  const line = end < 0 ? text : text.slice(0, end)
  return line.slice(0, MAX_LINE)
}

/** `.lock [env] [--reason "text" | --reason=text | --reason text…]`. */
function parseLock(
  text: string,
  problem: (text: string) => ParsedComment
): ParsedComment {
  const flag = /(^|[ \t])--reason(?=$|[ \t=])/.exec(text)
  const head = (flag ? text.slice(0, flag.index) : text).trim()
  const args = head === '' ? [] : head.split(SPACE)
  if (args.some(arg => arg.startsWith('-')))
    return problem('the only option is --reason')
  if (args.length > 1) return problem('give at most one environment')
  const environment = args[0]
  if (environment !== undefined && !ENVIRONMENT.test(environment))
    return problem('the environment must be a name from the plan')
  let reason: string | undefined
  if (flag) {
    const raw = text.slice(flag.index + flag[0].length).replace(/^=/, '')
    reason = unquote(raw.trim())
    if (reason === undefined)
      return problem('--reason needs text, e.g. --reason "QA in progress"')
    if (/(^|[ \t])--reason(?=$|[ \t=])/.test(raw))
      return problem('give --reason once')
  }
  return {
    type: 'command',
    command: {
      kind: 'lock',
      ...(environment === undefined ? {} : { environment }),
      ...(reason === undefined ? {} : { reason })
    }
  }
}

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f]/g
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”' }

function unquote(text: string): string | undefined {
  const close = QUOTES[text[0] ?? '']
  let value = text
  if (close !== undefined) {
    const end = text.indexOf(close, 1)
    value = end < 0 ? text.slice(1) : text.slice(1, end)
  }
  // Control characters have no place in a one-line reason.
  const clean = [...value.replace(CONTROL, ' ').trim()]
    .slice(0, MAX_REASON)
    .join('')
  return clean === '' ? undefined : clean
}
