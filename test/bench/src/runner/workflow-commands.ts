/** A workflow command read from one line of a step's output. */
export interface WorkflowCommand {
  /** As written; the runner matches names case-insensitively. */
  command: string
  /** Keys compare case-insensitively; the first spelling is kept. */
  properties: Record<string, string>
  data: string
}

/** The commands the runner registers (set-env/add-path refuse to run). */
export const RUNNER_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo'
]

type Mapping = readonly [token: string, escaped: string]

// Unescaping replays these in order, so `%25` must come last: `%250A` is a
// literal "%0A", not a newline.
const DATA_ESCAPES: Mapping[] = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25']
]
const PROPERTY_ESCAPES: Mapping[] = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25']
]
const LEGACY_ESCAPES: Mapping[] = [
  [';', '%3B'],
  ['\r', '%0D'],
  ['\n', '%0A'],
  [']', '%5D'],
  ['%', '%25']
]

/**
 * Parses `::name k=v,k2=v2::data` (after leading whitespace), then the
 * legacy `##[name k=v;k2=v2]data` that may start anywhere in the line, as
 * the runner's `ActionCommand.TryParseV2`/`TryParse` do. Returns undefined
 * for anything that is not a registered command: it is plain output.
 */
export function parseWorkflowCommand(
  line: string,
  registered: ReadonlySet<string>
): WorkflowCommand | undefined {
  return parseV2(line, registered) ?? parseLegacy(line, registered)
}

function parseV2(
  line: string,
  registered: ReadonlySet<string>
): WorkflowCommand | undefined {
  const message = line.trimStart()
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  if (!registered.has(name.toLowerCase())) return undefined
  const properties =
    space > 0
      ? parseProperties(info.slice(space + 1).trim(), ',', PROPERTY_ESCAPES)
      : {}
  const data = unescape(message.slice(end + 2), DATA_ESCAPES)
  return { command: name, properties, data }
}

function parseLegacy(
  line: string,
  registered: ReadonlySet<string>
): WorkflowCommand | undefined {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return undefined
  const close = line.indexOf(']', prefix)
  if (close < 0) return undefined
  const info = line.slice(prefix + 3, close)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  if (!registered.has(name.toLowerCase())) return undefined
  const properties =
    space > 0 ? parseProperties(info.slice(space + 1), ';', LEGACY_ESCAPES) : {}
  const data = unescape(line.slice(close + 1), LEGACY_ESCAPES)
  return { command: name, properties, data }
}

function parseProperties(
  text: string,
  separator: string,
  escapes: Mapping[]
): Record<string, string> {
  const properties: Record<string, string> = {}
  for (const pair of text.split(separator)) {
    const equals = pair.indexOf('=')
    const key = equals < 0 ? pair : pair.slice(0, equals)
    const value = equals < 0 ? '' : pair.slice(equals + 1)
    // `key=` and `=value` split to one non-empty part: the runner drops them.
    if (key === '' || value === '') continue
    const existing = Object.keys(properties).find(
      known => known.toLowerCase() === key.toLowerCase()
    )
    properties[existing ?? key] = unescape(value, escapes)
  }
  return properties
}

function unescape(text: string, escapes: Mapping[]): string {
  let result = text
  for (const [token, escaped] of escapes) {
    result = result.split(escaped).join(token)
  }
  return result
}

/** Reads a property case-insensitively, as the runner's dictionary does. */
export function getProperty(
  properties: Record<string, string>,
  name: string
): string | undefined {
  const key = Object.keys(properties).find(
    known => known.toLowerCase() === name.toLowerCase()
  )
  return key === undefined ? undefined : properties[key]
}
