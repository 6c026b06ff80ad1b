import { defaultPort, hostIdentity, splitHostPort } from './hosts.js'

// `scheme://authority`, any scheme. The special schemes of the WHATWG parser
// also reach a host as `http:host` or `http:\\host`, so for them any run of
// slashes and backslashes (none included) starts the authority.
const URL_START =
  /\b(?:(https?|wss?|ftp):[\\/]*|([a-z][a-z0-9+.-]*):\/\/)(?=[^\s/\\?#'"`<>])/gi
const AUTHORITY = /[^\s/\\?#'"`<>]*/y

/** One URL authority found in a text. */
export interface UrlAuthority {
  /** Where `scheme:` starts. */
  readonly start: number
  /** Where the user part ends (after its first `@`), or the host starts. */
  readonly userEnd: number
  /** Where the host part starts (after its last `@`). */
  readonly hostStart: number
  /** Where the authority ends. */
  readonly end: number
  /** The identity of each host it names (libpq lists several). */
  readonly identities: readonly string[]
  /** Every host of the authority is understood. */
  readonly complete: boolean
}

/**
 * The URL authorities of a text: each host's identity, without user,
 * password or path; a loopback host gets the URL's port or the scheme's
 * default port.
 */
export function urlAuthorities(text: string): UrlAuthority[] {
  const found: UrlAuthority[] = []
  for (const match of text.matchAll(URL_START)) {
    const scheme = match[1] ?? match[2] ?? ''
    const from = match.index + match[0].length
    AUTHORITY.lastIndex = from
    // Trailing punctuation of prose is not part of it: `(http://a.test),`.
    const authority = trimEnd(AUTHORITY.exec(text)?.[0] ?? '', ')};,')
    const firstAt = authority.indexOf('@')
    // WHATWG takes the host after the last `@`, libpq after the first: the
    // host part is read after the last, and scanned as text after the first.
    const lastAt = authority.lastIndexOf('@')
    const hostPart = authority.slice(lastAt + 1)
    const identities: string[] = []
    const entries = hostPart.split(',').filter(entry => entry !== '')
    let complete = entries.length > 0
    for (const entry of entries) {
      const identity = entryIdentity(entry, defaultPort(scheme))
      if (identity === undefined) complete = false
      else identities.push(identity)
    }
    found.push({
      start: match.index,
      userEnd: from + firstAt + 1,
      hostStart: from + lastAt + 1,
      end: from + authority.length,
      identities,
      complete
    })
  }
  return found
}

/** A `hosts:` entry: `host`, `host:port`, `[v6]:port`, or a URL. */
export function entryIdentities(entry: string): string[] {
  const text = entry.trim()
  if (text.includes(':/') || text.includes(':\\')) {
    return urlAuthorities(text).flatMap(url => url.identities)
  }
  const identity = entryIdentity(text, undefined)
  return identity === undefined ? [] : [identity]
}

/**
 * The text with URL authorities blanked out: the scheme and user part (a
 * user or password is no host mention), and the host part once understood
 * (not read again as words). Between a first and a last `@` stays (which
 * one ends the user part depends on the client). Positions are kept, so
 * path segments stay recognizable.
 */
export function withoutAuthorities(
  text: string,
  urls: readonly UrlAuthority[]
): string {
  let result = text
  const blank = (from: number, to: number) => {
    result = result.slice(0, from) + ' '.repeat(to - from) + result.slice(to)
  }
  for (const { start, userEnd, hostStart, end, complete } of urls) {
    blank(start, userEnd)
    if (complete) blank(hostStart, end)
  }
  return result
}

function entryIdentity(
  entry: string,
  schemePort: number | undefined
): string | undefined {
  const parts = splitHostPort(entry)
  if (!parts) return undefined
  return hostIdentity(parts.host, parts.port ?? schemePort)
}

function trimEnd(text: string, characters: string): string {
  let end = text.length
  while (end > 0 && characters.includes(text.charAt(end - 1))) end--
  return text.slice(0, end)
}
