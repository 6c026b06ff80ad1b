import { isDeepStrictEqual } from 'node:util'
import { parseJsonPath, valueAtPath } from '../config/json-path.js'
import { resolveText, resolveValue } from '../config/template.js'
import type { TemplateValues } from '../config/template.js'
import type { Expectations } from '../types.js'
import type { HttpResponse } from '../http/http-client.js'

/** A short, one-line rendering of a value for a failure message. */
export function excerpt(value: unknown, max = 80): string {
  const text =
    typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined')
  const line = text.replace(/\s+/g, ' ').trim()
  const short = line.length > max ? `${line.slice(0, max)}…` : line
  return typeof value === 'string' ? JSON.stringify(short) : short
}

/** Whether the status is one the check accepts (default: any 2xx). */
export function statusAccepted(expect: Expectations, status: number): boolean {
  return expect.status
    ? expect.status.includes(status)
    : status >= 200 && status < 300
}

function checkStatus(expect: Expectations, response: HttpResponse): string[] {
  if (statusAccepted(expect, response.status)) return []
  const wanted = !expect.status
    ? '2xx'
    : expect.status.length === 1
      ? String(expect.status[0])
      : `one of ${expect.status.join(', ')}`
  return [
    `status ${response.status}, expected ${wanted} (body: ${excerpt(response.body)})`
  ]
}

function checkBody(
  expect: Expectations,
  body: string,
  values: TemplateValues
): string[] {
  const problems: string[] = []
  for (const template of expect.bodyContains) {
    const text = resolveText(template, values)
    if (!body.includes(text))
      problems.push(
        `body does not contain ${excerpt(template)} (body: ${excerpt(body)})`
      )
  }
  if (expect.bodyMatches && !expect.bodyMatches.test(body)) {
    problems.push(
      `body does not match /${expect.bodyMatches.source}/ (body: ${excerpt(body)})`
    )
  }
  return problems
}

function checkJson(
  expect: Expectations,
  body: string,
  values: TemplateValues
): string[] {
  if (expect.json.length === 0) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return [`body is not JSON (body: ${excerpt(body)})`]
  }
  return expect.json.flatMap(({ path, expected }) => {
    const found = valueAtPath(parsed, parseJsonPath(path) ?? [])
    if (!found.found) return [`json ${path}: missing`]
    const wanted = resolveValue(expected, values)
    return isDeepStrictEqual(found.value, wanted)
      ? []
      : [
          `json ${path}: expected ${excerpt(expected)}, got ${excerpt(found.value)}`
        ]
  })
}

function checkHeaders(
  expect: Expectations,
  response: HttpResponse,
  values: TemplateValues
): string[] {
  return expect.headers.flatMap(({ name, expected }) => {
    const actual = response.headers[name]
    if (expected === true)
      return actual === undefined ? [`header ${name}: missing`] : []
    if (expected === false)
      return actual === undefined
        ? []
        : [`header ${name}: present, expected absent`]
    if (actual === undefined) return [`header ${name}: missing`]
    return actual.includes(resolveText(expected, values))
      ? []
      : [
          `header ${name}: ${excerpt(actual)} does not contain ${excerpt(expected)}`
        ]
  })
}

/**
 * Everything wrong with a response, one sentence each ([] when it passes).
 * `withLatency` is false while sampling: the budget then applies to p95.
 */
export function evaluateResponse(
  expect: Expectations,
  response: HttpResponse,
  values: TemplateValues,
  withLatency: boolean
): string[] {
  const problems = [
    ...checkStatus(expect, response),
    ...checkBody(expect, response.body, values),
    ...checkJson(expect, response.body, values),
    ...checkHeaders(expect, response, values)
  ]
  const budget = expect.maxLatencyMs
  if (withLatency && budget !== undefined && response.latencyMs > budget) {
    problems.push(
      `latency ${response.latencyMs.toFixed(1)} ms is over the ${budget} ms budget`
    )
  }
  return problems
}
