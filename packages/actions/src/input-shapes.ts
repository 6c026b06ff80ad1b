import { ConfigurationError } from '@rehearse/core'
import type { ReasonCode } from '@rehearse/core'

interface Shape {
  readonly ok: (value: string) => boolean
  readonly reason: ReasonCode
  /** What the input must be, and how to fix it; `got` quotes the value. */
  readonly says: (name: string, got: string, value: string) => string
}

const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/
// A plan's environment names (the JSON Schema's), or a per-PR instance.
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\/pr-[1-9]\d{0,9})?$/

const environment: Shape = {
  ok: value => ENVIRONMENT.test(value),
  reason: 'invalid_input',
  says: (name, got) =>
    `input "${name}" must name an environment of the plan (letters, digits, ".", "_", "-"), got ${got}`
}

const databaseUrl: Shape = {
  ok: value => value.includes('://') && !/\s/.test(value) && decodes(value),
  reason: 'database_url_invalid',
  // Never quoted: the value is a secret.
  says: name =>
    `input "${name}" cannot be parsed as a URL; give it as postgres://user:password@host:5432/database (or mysql://…), with special characters in the password percent-encoded.`
}

/**
 * Inputs with a shape, whatever the action: checked as they are read, so
 * a malformed value is refused before anything is written. Empty values
 * are the defaults and checked where they are used.
 */
const SHAPES: Readonly<Record<string, Shape>> = {
  sha: {
    ok: value => FULL_SHA.test(value),
    reason: 'invalid_sha',
    says: (name, got) =>
      `input "${name}" must be a full commit SHA (40 lowercase hex characters, e.g. \${{ github.sha }}), got ${got}`
  },
  url: {
    ok: value => httpUrl(value),
    reason: 'invalid_url',
    // The words the smoke-test and plan checks use for the same mistakes.
    says: (name, got, value) =>
      carriesCredentials(value)
        ? `input "${name}": the URL carries a user or password: put credentials in a check's headers (from secrets), not in the URL`
        : `input "${name}" must be an http(s) URL, got ${got}; give e.g. https://staging.example.com, without spaces`
  },
  environment,
  from: environment,
  'database-url': databaseUrl,
  'source-url': databaseUrl
}

/** Refuses `value` when input `name` has a shape it does not fit. */
export function checkInputShape(name: string, value: string): void {
  const shape = SHAPES[name]
  if (!shape || value === '' || shape.ok(value)) return
  throw new ConfigurationError(shape.says(name, quoted(value), value), {
    reason: shape.reason
  })
}

// Parses, and its user and password decode: drivers decode them and
// would throw URIError on a stray "%".
function decodes(value: string): boolean {
  try {
    const url = new URL(value)
    decodeURIComponent(url.username)
    decodeURIComponent(url.password)
    return true
  } catch {
    return false
  }
}

function httpUrl(value: string): boolean {
  if (/[\s\p{Cc}]/u.test(value)) return false
  try {
    const url = new URL(value)
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === ''
    )
  } catch {
    return false
  }
}

function carriesCredentials(value: string): boolean {
  try {
    const url = new URL(value)
    return url.username !== '' || url.password !== ''
  } catch {
    return false
  }
}

// One line whatever the value holds, and never a wall of text.
function quoted(value: string): string {
  const shown = JSON.stringify(
    value.length > 80 ? `${value.slice(0, 80)}…` : value
  )
  return /\/\/[^/@]*@/.test(value)
    ? shown.replace(/\/\/[^/@]*@/, '//***@')
    : shown
}
