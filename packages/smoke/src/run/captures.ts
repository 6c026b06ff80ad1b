import { parseJsonPath, valueAtPath } from '../config/json-path.js'
import type { CaptureSpec } from '../types.js'
import type { HttpResponse } from '../http/http-client.js'

/**
 * Reads the check's captures from a response. Problems say which capture
 * found nothing; values keep their JSON type.
 */
export function readCaptures(
  captures: readonly CaptureSpec[],
  response: HttpResponse
): { values: Map<string, unknown>; problems: string[] } {
  const values = new Map<string, unknown>()
  const problems: string[] = []
  let json: { ok: boolean; value: unknown } | undefined
  for (const capture of captures) {
    let value: unknown
    if (capture.source === 'header') {
      value = response.headers[capture.expression]
    } else if (capture.source === 'regex') {
      const match = new RegExp(capture.expression).exec(response.body)
      value = match ? (match[1] ?? match[0]) : undefined
    } else {
      json ??= parseBody(response.body)
      const found = json.ok
        ? valueAtPath(json.value, parseJsonPath(capture.expression) ?? [])
        : { found: false, value: undefined }
      value = found.found ? found.value : undefined
    }
    if (value === undefined || value === null) {
      problems.push(
        `capture ${capture.name}: ${capture.source} ${capture.expression} found nothing in the response`
      )
    } else values.set(capture.name, value)
  }
  return { values, problems }
}

function parseBody(body: string): { ok: boolean; value: unknown } {
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch {
    return { ok: false, value: undefined }
  }
}
