import { resolveText, resolveValue } from '../config/template.js'
import type { TemplateValues } from '../config/template.js'
import type { SmokeCheck } from '../types.js'
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
  let body: string | undefined
  if (typeof check.body === 'string') {
    body = resolveText(check.body, values)
  } else if (check.body !== undefined) {
    body = JSON.stringify(resolveValue(check.body, values))
    headers['content-type'] ??= 'application/json'
  }
  return {
    url: checkUrl(base, resolveText(check.path, values)),
    method: check.method,
    headers,
    body
  }
}
