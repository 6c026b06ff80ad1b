import type {
  CaptureSpec,
  Expectations,
  SmokeCheck,
  Timeouts
} from '../types.js'
import { parseJsonPath } from './json-path.js'
import type { RawCapture, RawCheck } from './raw-smoke.js'

/** Collects problems as `key: message` lines for one check. */
export type Problems = (key: string, message: string) => void

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

/** Compiles a regular expression from the plan, or reports why it cannot. */
export function compileRegex(
  source: string,
  key: string,
  problem: Problems
): RegExp | undefined {
  try {
    return new RegExp(source)
  } catch (error) {
    problem(key, `invalid regular expression: ${(error as Error).message}`)
    return undefined
  }
}

function compileCapture(
  name: string,
  raw: RawCapture,
  key: string,
  problem: Problems
): CaptureSpec | undefined {
  const sources = (['json', 'header', 'regex'] as const).filter(
    source => raw[source] !== undefined
  )
  const source = sources[0]
  if (sources.length !== 1 || source === undefined) {
    problem(key, 'give exactly one of json, header or regex')
    return undefined
  }
  const expression = raw[source] ?? ''
  if (source === 'json' && !parseJsonPath(expression))
    problem(
      `${key}.json`,
      `"${expression}" is not a JSON path (e.g. data.items[0].id)`
    )
  if (source === 'regex') compileRegex(expression, `${key}.regex`, problem)
  return {
    name,
    source,
    expression: source === 'header' ? expression.toLowerCase() : expression,
    secret: raw.secret ?? true
  }
}

function compileExpect(
  raw: RawCheck['expect'] = {},
  key: string,
  problem: Problems
): Expectations {
  const json = Object.entries(raw.json ?? {}).map(([path, expected]) => {
    if (!parseJsonPath(path))
      problem(
        `${key}.json.${path}`,
        `"${path}" is not a JSON path (e.g. data.items[0].id)`
      )
    return { path, expected }
  })
  const matches = raw['body-matches']
  return {
    status: raw.status === undefined ? undefined : asList(raw.status),
    bodyContains: asList(raw['body-contains']),
    bodyMatches:
      matches === undefined
        ? undefined
        : compileRegex(matches, `${key}.body-matches`, problem),
    json,
    headers: Object.entries(raw.headers ?? {}).map(([name, expected]) => ({
      name: name.toLowerCase(),
      expected
    })),
    maxLatencyMs: raw['max-latency-ms']
  }
}

/** One check with its defaults; problems go to `problem`. */
export function compileCheck(
  raw: RawCheck,
  index: number,
  timeouts: Timeouts,
  problem: Problems
): SmokeCheck {
  const key = `smoke.checks[${index}]`
  const capture = Object.entries(raw.capture ?? {}).flatMap(([name, spec]) => {
    const compiled = compileCapture(
      name,
      spec,
      `${key}.capture.${name}`,
      problem
    )
    return compiled ? [compiled] : []
  })
  return {
    index,
    name: raw.name,
    method: raw.method ?? 'GET',
    path: raw.path,
    headers: raw.headers ?? {},
    body: raw.body,
    flow: raw.flow,
    capture,
    expect: compileExpect(raw.expect, `${key}.expect`, problem),
    samples: raw.samples ?? 1,
    retries: raw.retries ?? 0,
    timeouts: {
      connectMs: raw.timeouts?.['connect-ms'] ?? timeouts.connectMs,
      readMs: raw.timeouts?.['read-ms'] ?? timeouts.readMs
    },
    // Set when compile-config expands the check's `variants:`.
    variant: undefined
  }
}
