import { readFileSync } from 'node:fs'
import { parsePrNumber } from './confirm-pull-head.js'

const NUMBER = /^[1-9]\d{0,9}$/

/**
 * The pull request a per-PR environment is for: the `pr-number` input,
 * else the event's — `pull_request`/`pull_request_target`:
 * `pull_request.number`; `issue_comment`: `issue.number` (a comment on a
 * pull request). Undefined for any other event, or when unreadable.
 */
export function pullRequestNumber(
  input: string,
  env: Readonly<Record<string, string | undefined>> = process.env
): number | undefined {
  const given = parsePrNumber(input)
  if (given !== undefined) return given
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  const number =
    env.GITHUB_EVENT_NAME === 'issue_comment'
      ? payload?.issue?.number
      : env.GITHUB_EVENT_NAME?.startsWith('pull_request')
        ? payload?.pull_request?.number
        : undefined
  return NUMBER.test(String(number)) ? Number(number) : undefined
}

interface EventPayload {
  readonly issue?: { readonly number?: unknown }
  readonly pull_request?: { readonly number?: unknown }
}

// The webhook payload the run was triggered by: data, never trusted text.
function readPayload(path: string | undefined): EventPayload | undefined {
  if (!path) return undefined
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown
    return typeof value === 'object' && value !== null
      ? (value as EventPayload)
      : undefined
  } catch {
    return undefined
  }
}
