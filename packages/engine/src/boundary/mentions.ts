import { hostIdentity, splitHostPort } from './hosts.js'
import { urlAuthorities, withoutAuthorities } from './urls.js'

// What a non-production place mentions is found by token matching, not by
// recognizing hosts: every word that could be a host is normalized, and the
// check compares the result with production's identities. So a single-label
// host (`prod-db`) or one whose last label looks like a file extension
// (`db.acme.pl`) matches exactly, and a word that is no production host
// costs nothing.

// Runs of characters a host can be written with: letters and marks of any
// script, digits, percent-escapes, the dots IDNA maps to `.`, `-`, `_`,
// brackets and colons (IPv6, ports), and format characters IDNA drops.
export const TOKEN = /[\p{L}\p{M}\p{N}\p{Cf}%._\-[\]:\u3002\uFF0E\uFF61]+/gu

/** A word of a text that may name a host. */
export interface Token {
  readonly text: string
  /** Follows a single `/`: `deploy/app.sh`, `/srv/app` (not `//host`). */
  readonly pathSegment: boolean
}

/** The host-like words of a text, in order. */
export function tokensIn(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map(match => ({
    text: match[0],
    pathSegment: text[match.index - 1] === '/' && text[match.index - 2] !== '/'
  }))
}

/**
 * Every host identity a text might reach, in order, once each: the hosts
 * of its URLs (with the URL's port on loopback), and each word read as
 * `host` or `host:port` in any spelling, also as the shell would see it
 * after removing quotes and backslashes. Path segments are not hosts.
 */
export function mentionedIdentities(text: string): string[] {
  const found = new Set<string>()
  for (const variant of new Set([text, shellUnquoted(text)])) {
    const urls = urlAuthorities(variant)
    for (const url of urls) url.identities.forEach(id => found.add(id))
    for (const token of tokensIn(withoutAuthorities(variant, urls))) {
      if (token.pathSegment) continue
      tokenIdentities(token.text).forEach(id => found.add(id))
    }
  }
  return [...found]
}

function tokenIdentities(token: string): string[] {
  const text = token.replace(/:+$/, '')
  // `psql -hprod-db`, `mysql -h10.0.0.3`: a short option glued to its value.
  const option = /^-[a-z](?=[^-])/i.test(text) ? [text.slice(2)] : []
  const found: string[] = []
  for (const candidate of [text, ...option]) {
    const whole = readHost(candidate)
    if (whole !== undefined) {
      found.push(whole)
      continue
    }
    // `prod-db:/srv`, `x:[prod-db]`: each part; `::1`: a bare IPv6 address.
    const parts = [...candidate.split(/[:[\]]/), `[${candidate}]`]
    for (const part of parts) {
      const identity = readHost(part)
      if (identity !== undefined) found.push(identity)
    }
  }
  return found
}

/**
 * The identity of a word written `host` or `host:port`. A bare number below
 * 2^24 (`0`, `42`, `4301`) would be a 0.x.x.x address: counts, ports and
 * sizes are not read as hosts (with a port, `0:4302`, they are).
 */
export function readHost(
  word: string,
  numbers: 'any' | 'addresses' = 'addresses'
): string | undefined {
  const parts = splitHostPort(word)
  if (!parts) return undefined
  const { host, port } = parts
  const small = /^\d+$/.test(host) && Number(host) < 2 ** 24
  if (small && port === undefined && numbers === 'addresses') return undefined
  return hostIdentity(host, port)
}

// `pr\od-db`, `'prod'-db`, `"prod-db"`: the word the shell passes on.
function shellUnquoted(text: string): string {
  return text.replace(/\\(.)/gs, '$1').replace(/['"]/g, '')
}
