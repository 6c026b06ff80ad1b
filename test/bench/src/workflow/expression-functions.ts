import type { JobStatus } from '../runner/types.js'
import { looseEquals, toArgumentText, toText } from './expression-values.js'

type ExpressionFunction = (args: unknown[], status: JobStatus) => unknown

const text = (args: unknown[], index: number): string =>
  toArgumentText(args[index]).toLowerCase()

// The runner's functions, minus hashFiles (it reads the workspace of a job
// the bench does not lay out like the runner's).
const FUNCTIONS: Record<
  string,
  { arity: [number, number]; call: ExpressionFunction }
> = {
  success: { arity: [0, 0], call: (_, status) => status === 'success' },
  failure: { arity: [0, 0], call: (_, status) => status === 'failure' },
  cancelled: { arity: [0, 0], call: (_, status) => status === 'cancelled' },
  always: { arity: [0, 0], call: () => true },
  contains: {
    arity: [2, 2],
    call: ([search, item]) =>
      Array.isArray(search)
        ? search.some(element => looseEquals(element, item))
        : text([search], 0).includes(text([item], 0))
  },
  startswith: {
    arity: [2, 2],
    call: args => text(args, 0).startsWith(text(args, 1))
  },
  endswith: {
    arity: [2, 2],
    call: args => text(args, 0).endsWith(text(args, 1))
  },
  format: {
    arity: [1, Infinity],
    call: ([pattern, ...values]) => format(toText(pattern), values)
  },
  join: {
    arity: [1, 2],
    call: ([items, separator]) =>
      Array.isArray(items)
        ? items
            .map(toArgumentText)
            .join(separator === undefined ? ',' : toText(separator))
        : toArgumentText(items)
  },
  tojson: {
    arity: [1, 1],
    call: ([value]) => JSON.stringify(value ?? null, null, 2)
  },
  fromjson: {
    arity: [1, 1],
    call: ([value]) => JSON.parse(toText(value)) as unknown
  }
}

/** Calls a function of the expression language (names ignore case). */
export function callFunction(
  name: string,
  args: unknown[],
  status: JobStatus
): unknown {
  const found = FUNCTIONS[name.toLowerCase()]
  if (!found) {
    throw new Error(
      `expression function "${name}" is not supported; the bench evaluates ${Object.keys(FUNCTIONS).join(', ')}`
    )
  }
  const [least, most] = found.arity
  if (args.length < least || args.length > most) {
    throw new Error(
      `${name}() takes ${least}–${most} argument(s), got ${args.length}`
    )
  }
  return found.call(args, status)
}

// format('{0} and {{literal}}', value): {N} is an argument, {{ and }} escape.
function format(pattern: string, values: unknown[]): string {
  return pattern.replace(/\{\{|\}\}|\{(\d+)\}/g, (whole, index?: string) => {
    if (whole === '{{') return '{'
    if (whole === '}}') return '}'
    const position = Number(index)
    if (position >= values.length) {
      throw new Error(`format("${pattern}"): no argument {${position}}`)
    }
    return toArgumentText(values[position])
  })
}
