import type { FlagSelector, SmokeFlag } from '../types.js'
import type { Problems } from './compile-check.js'
import type { RawFlag } from './raw-smoke.js'

const SELECTORS = ['header', 'cookie', 'query'] as const

// RFC 6265 cookie-octet: no space, '"', ',', ';' or '\'; a value outside it
// would be cut or merged with the next cookie by the server's parser.
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/
// Control characters (CR and LF above all) would split the header; a tab
// is allowed, as in any header value.
const hasControl = (value: string): boolean =>
  [...value].some(char => {
    const code = char.charCodeAt(0)
    return (code < 0x20 && code !== 0x09) || code === 0x7f
  })

/** Why a variant's value cannot be sent this way, or undefined. */
function valueProblem(
  selector: FlagSelector,
  value: string
): string | undefined {
  if (value.includes('${{'))
    return `${JSON.stringify(value)}: variant values are sent as written; \${{ … }} is not resolved here`
  if (selector === 'header' && hasControl(value))
    return `${JSON.stringify(value)} holds a control character, which a header value cannot carry`
  if (selector === 'cookie' && !COOKIE_VALUE.test(value))
    return `${JSON.stringify(value)} cannot be a cookie value (no spaces, quotes, commas, semicolons or backslashes)`
  return undefined
}

function compileFlag(
  name: string,
  raw: RawFlag,
  problem: Problems
): SmokeFlag | undefined {
  const key = `smoke.flags.${name}`
  const given = SELECTORS.filter(selector => raw[selector] !== undefined)
  const selector = given[0]
  if (given.length !== 1 || selector === undefined) {
    problem(
      key,
      `give exactly one of header, cookie or query: how a request selects the variant${given.length > 1 ? ` (found ${given.join(' and ')})` : ''}`
    )
    return undefined
  }
  const variants = Object.entries(raw.variants ?? {}).map(
    ([variant, value]) => ({ name: variant, value: String(value) })
  )
  for (const variant of variants) {
    const wrong = valueProblem(selector, variant.value)
    if (wrong) problem(`${key}.variants.${variant.name}`, wrong)
  }
  const written = raw[selector] ?? ''
  return {
    name,
    selector,
    // Header names are case-insensitive; cookies and parameters are not.
    key: selector === 'header' ? written.toLowerCase() : written,
    variants
  }
}

/**
 * `smoke.flags` by name. Each flag has one selector of its own (two flags
 * writing the same header, cookie or parameter would overwrite each other)
 * and values that can be sent that way; the schema already checked the
 * names and that there are at least two variants.
 */
export function compileFlags(
  raw: Readonly<Record<string, RawFlag>> | undefined,
  problem: Problems
): Map<string, SmokeFlag> {
  const flags = new Map<string, SmokeFlag>()
  const owners = new Map<string, string>()
  for (const [name, spec] of Object.entries(raw ?? {})) {
    const flag = compileFlag(name, spec, problem)
    if (!flag) continue
    const selected = `${flag.selector} ${flag.key}`
    const owner = owners.get(selected)
    if (owner !== undefined) {
      problem(
        `smoke.flags.${name}.${flag.selector}`,
        `${flag.selector} "${spec[flag.selector] ?? ''}" already selects the variant of flag "${owner}"; each flag needs its own`
      )
    } else owners.set(selected, name)
    flags.set(name, flag)
  }
  return flags
}
