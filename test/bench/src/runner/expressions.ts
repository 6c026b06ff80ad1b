import type { JobStatus } from './types.js'

/**
 * The `github` context properties an input default may read. Anything else
 * (secrets, env, inputs, functions) is rejected: evaluating it wrongly would
 * make a test pass against a value the real runner never produces.
 */
export const SUPPORTED_GITHUB_PROPERTIES = [
  'token',
  'sha',
  'ref',
  'ref_name',
  'repository',
  'repository_owner',
  'actor',
  'run_id',
  'run_number',
  'run_attempt',
  'server_url',
  'api_url',
  'graphql_url',
  'workspace',
  'event_name',
  'job',
  'workflow'
] as const

/** The values of {@link SUPPORTED_GITHUB_PROPERTIES} for one run. */
export type GitHubContextValues = Record<
  (typeof SUPPORTED_GITHUB_PROPERTIES)[number],
  string
>

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g
const GITHUB_PROPERTY = /^github\.([A-Za-z_]+)$/i

/**
 * Evaluates an `action.yml` input default, e.g. `${{ github.token }}` or
 * `${{ github.server_url }}/${{ github.repository }}`.
 */
export function evaluateInputDefault(
  inputName: string,
  template: string,
  github: GitHubContextValues
): string {
  return template.replace(EXPRESSION, (_whole, inner: string) => {
    const match = GITHUB_PROPERTY.exec(inner.trim())
    // Context property names are case-insensitive in runner expressions.
    const key = match?.[1]?.toLowerCase()
    if (key && isSupported(key)) return github[key]
    throw new Error(
      `action.yml input "${inputName}": unsupported expression ` +
        `"\${{${inner}}}" in its default; the bench runner evaluates only ` +
        SUPPORTED_GITHUB_PROPERTIES.map(p => `github.${p}`).join(', ')
    )
  })
}

function isSupported(key: string): key is keyof GitHubContextValues {
  return (SUPPORTED_GITHUB_PROPERTIES as readonly string[]).includes(key)
}

const STATUS_FUNCTIONS = ['always', 'success', 'failure', 'cancelled']
const TOKEN = /\s*(&&|\|\||!|\(|\)|[A-Za-z_]+\(\s*\))/y

/**
 * Evaluates a status condition such as `post-if` (`always()`, `success()`,
 * `failure()`, `cancelled()`, combined with `!`, `&&`, `||` and parentheses,
 * optionally wrapped in `${{ }}`).
 */
export function evaluateStatusCondition(
  condition: string,
  status: JobStatus
): boolean {
  const tokens = tokenize(condition)
  let position = 0
  const peek = (): string | undefined => tokens[position]
  const next = (): string | undefined => tokens[position++]

  const primary = (): boolean => {
    const token = next()
    if (token === '!') return !primary()
    if (token === '(') {
      const value = or()
      if (next() !== ')') throw conditionError(condition, 'missing ")"')
      return value
    }
    const name = token?.replace(/\(\s*\)$/, '')
    if (name === undefined || !STATUS_FUNCTIONS.includes(name)) {
      throw conditionError(condition, `unexpected "${token ?? 'end'}"`)
    }
    return callStatusFunction(name, status)
  }
  const and = (): boolean => {
    let value = primary()
    while (peek() === '&&') {
      next()
      value = primary() && value
    }
    return value
  }
  const or = (): boolean => {
    let value = and()
    while (peek() === '||') {
      next()
      value = and() || value
    }
    return value
  }

  const value = or()
  if (position !== tokens.length) {
    throw conditionError(condition, `unexpected "${peek() ?? ''}"`)
  }
  return value
}

function callStatusFunction(name: string, status: JobStatus): boolean {
  if (name === 'always') return true
  if (name === 'success') return status === 'success'
  if (name === 'failure') return status === 'failure'
  return status === 'cancelled'
}

function tokenize(condition: string): string[] {
  const text = unwrap(condition)
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex
    const match = TOKEN.exec(text)
    if (!match?.[1]) {
      if (text.slice(start).trim() === '') break
      throw conditionError(condition, `cannot read "${text.slice(start)}"`)
    }
    tokens.push(match[1].replace(/\s+/g, ''))
  }
  if (tokens.length === 0) throw conditionError(condition, 'it is empty')
  return tokens
}

function unwrap(condition: string): string {
  const trimmed = condition.trim()
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed)
  return wrapped?.[1] ?? trimmed
}

function conditionError(condition: string, reason: string): Error {
  return new Error(
    `unsupported condition "${condition}": ${reason}; the bench runner ` +
      'supports always(), success(), failure(), cancelled(), !, &&, ||, ()'
  )
}
