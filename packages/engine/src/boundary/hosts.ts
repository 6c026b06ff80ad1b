// Host identities: one string per host as the network sees it, so that every
// spelling of one host compares equal and different hosts never do. The
// WHATWG URL parser does the normalizing (percent-decoding, IDNA to punycode,
// every IPv4 notation, IPv6 compression, case); names are then compared
// exactly, so `staging.example.com` never matches `example.com`.
//
// Loopback is one host whatever it is called (localhost and the other names
// /etc/hosts gives it, 127.0.0.0/8, [::1], and 0.0.0.0 / [::], which connect
// to this machine): there the port is what separates environments, so the
// identity is `loopback:<port>`. A loopback
// mention without any port is `loopback`, which equals only another portless
// loopback mention. 0.0.0.0 and [::] without a port are bind addresses
// ("every interface"), not a host anyone reaches: no identity.

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ssh: 22,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  amqps: 5671,
  mongodb: 27017
}

const LABEL = '[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?'
const NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`)
const IPV6 = /^\[[0-9a-f:.]+\]$/
const MAPPED_IPV4 = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/

/** The port a URL of this scheme uses when it names none. */
export function defaultPort(scheme: string): number | undefined {
  const key = scheme.toLowerCase()
  return Object.hasOwn(DEFAULT_PORTS, key) ? DEFAULT_PORTS[key] : undefined
}

/**
 * The identity of a host (a name in any spelling, IPv4 in any notation, or
 * bracketed IPv6) reached on `port` (undefined: no port known), or undefined
 * when it is not a host.
 */
export function hostIdentity(host: string, port?: number): string | undefined {
  const bracketed = host.startsWith('[')
  if (bracketed ? !host.endsWith(']') : /[\s:@/\\?#[\]]/.test(host)) {
    return undefined
  }
  if (host === '' || (port !== undefined && !isPort(port))) return undefined
  let name: string
  try {
    name = new URL(`http://${host}/`).hostname
  } catch {
    return undefined
  }
  name = unmapped(name.replace(/\.+$/, ''))
  if (!NAME.test(name) && !IPV6.test(name)) return undefined
  if (name === '0.0.0.0' || name === '[::]') {
    return port === undefined ? undefined : `loopback:${port}`
  }
  if (isLoopback(name)) {
    return port === undefined ? 'loopback' : `loopback:${port}`
  }
  return name
}

/**
 * `host`, `host:port`, `[v6]` or `[v6]:port` split into host and port;
 * undefined for anything else (`a:b`, a bare IPv6 address).
 */
export function splitHostPort(
  text: string
): { host: string; port: number | undefined } | undefined {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(text)
  if (!match) return undefined
  const [, host = '', port] = match
  return { host, port: port === undefined ? undefined : Number(port) }
}

/** An identity is loopback (with or without a port). */
export function isLoopbackIdentity(identity: string): boolean {
  return identity === 'loopback' || identity.startsWith('loopback:')
}

/** Written as a plain dotted-quad IPv4 address (`10.0.0.3`). */
export function isDottedQuad(text: string): boolean {
  return DOTTED_QUAD.test(text)
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port <= 65535
}

// Names every Linux /etc/hosts maps to loopback, besides localhost.
const LOOPBACK_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback'
])

function isLoopback(name: string): boolean {
  return (
    LOOPBACK_NAMES.has(name) ||
    name.endsWith('.localhost') ||
    (name.startsWith('127.') && DOTTED_QUAD.test(name)) ||
    name === '[::1]'
  )
}

// [::ffff:a00:3] is 10.0.0.3 reached over IPv6: the same host.
function unmapped(name: string): string {
  const match = MAPPED_IPV4.exec(name)
  if (!match) return name
  const value =
    (parseInt(match[1] ?? '0', 16) << 16) | parseInt(match[2] ?? '0', 16)
  return [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.')
}
