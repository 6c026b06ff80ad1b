import { resolveText, resolveValue } from '../config/template.js'
import type { TemplateValues } from '../config/template.js'
import type { CheckVariant, SmokeCheck } from '../types.js'
import { RequestFailure } from '../http/request-failure.js'

/**
 * The check's URL under the base URL. The path is appended as text, never
 * resolved as a URL reference, and the result must stay on the base's
 * origin: a path (or a captured value in it) cannot point elsewhere.
 */
export function checkUrl(base: URL, path: string): URL {
  const url = new URL(`${base.href.replace(/\/+$/, '')}${path}`)
  if (url.origin !== base.origin) {
    throw new RequestFailure(
      `the path leads to ${url.origin}, not ${base.origin}: refused`,
      'refused',
      true
    )
  }
  return url
}

/**
 * The path with the variant's query parameters appended (before a `#`),
 * encoded: the path as written is otherwise left untouched.
 */
export function withVariantQuery(
  path: string,
  variant: CheckVariant | undefined
): string {
  const pairs = (variant?.choices ?? [])
    .filter(choice => choice.selector === 'query')
    .map(c => `${encodeURIComponent(c.key)}=${encodeURIComponent(c.value)}`)
  if (pairs.length === 0) return path
  const hash = path.indexOf('#')
  const [before, after] =
    hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)]
  const separator = !before.includes('?')
    ? '?'
    : /[?&]$/.test(before)
      ? ''
      : '&'
  return `${before}${separator}${pairs.join('&')}${after}`
}

/**
 * The variant's headers and cookies over the check's own headers (names in
 * lower case): a cookie is added to the check's `Cookie` header, if any.
 */
export function applyVariantHeaders(
  headers: Record<string, string>,
  variant: CheckVariant | undefined
): void {
  for (const choice of variant?.choices ?? []) {
    if (choice.selector === 'header') headers[choice.key] = choice.value
    if (choice.selector !== 'cookie') continue
    const cookie = `${choice.key}=${choice.value}`
    const existing = headers.cookie?.replace(/[;\s]+$/, '')
    headers.cookie = existing ? `${existing}; ${cookie}` : cookie
  }
}

/** Method, URL, headers and body of one request, references resolved. */
export function buildRequest(
  check: SmokeCheck,
  base: URL,
  values: TemplateValues
): {
  url: URL
  method: string
  headers: Record<string, string>
  body: string | undefined
} {
  const headers: Record<string, string> = {
    'user-agent': 'rehearse-smoke-test'
  }
  for (const [name, value] of Object.entries(check.headers)) {
    headers[name.toLowerCase()] = resolveText(value, values)
  }
  applyVariantHeaders(headers, check.variant)
  let body: string | undefined
  if (typeof check.body === 'string') {
    body = resolveText(check.body, values)
  } else if (check.body !== undefined) {
    body = JSON.stringify(resolveValue(check.body, values))
    headers['content-type'] ??= 'application/json'
  }
  return {
    url: checkUrl(
      base,
      withVariantQuery(resolveText(check.path, values), check.variant)
    ),
    method: check.method,
    headers,
    body
  }
}
