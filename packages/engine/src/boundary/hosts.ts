// Host extraction for the boundary check. Identities are compared exactly:
// a lower-case hostname without trailing dot, so `staging.example.com` never
// matches `example.com`. On loopback the port is what separates environments
// (the demo runs staging and production on localhost), so there the port is
// part of the identity: `localhost:8081`.

const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#'"`<>\\]+)/gi
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
// At least one dot and a letter TLD; not inside a path (`deploy/apply.sh`)
// nor a longer word. `@` may precede it (`deploy@prod.example.com`).
const BARE_HOST = new RegExp(
  `(?<![\\w.\\-/])((?:${LABEL}\\.)+[a-z]{2,63})\\.?(?![\\w-]|\\.[\\w-])`,
  'gi'
)
const BARE_IPV4 = /(?<![\w.\-/])(\d{1,3}(?:\.\d{1,3}){3})(?![\w-]|\.\d)/g
const BARE_LOOPBACK =
  /(?<![\w.\-/])(localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0):(\d{1,5})(?!\d)/gi
const VALID_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i

// A bare `name.ext` is far more often a file than a host; URLs always count.
const FILE_EXTENSIONS = new Set(
  (
    'sh bash zsh ps1 js mjs cjs ts tsx jsx json yaml yml toml ini cfg conf ' +
    'env txt md rst py rb pl php java jar war class go rs c h cpp hpp cs ' +
    'sql csv tsv xml html htm css scss lock log pem crt cer key pub tar gz ' +
    'tgz zip bz2 xz out bin exe dll so dylib tf tfvars hcl j2 tpl tmpl ' +
    'png jpg jpeg gif svg ico pdf'
  ).split(' ')
)
const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  http: '80',
  https: '443',
  ws: '80',
  wss: '443'
}

export interface HostOptions {
  /** Also bare IPv4 addresses; off for production values, where `1.2.3.4`
   * may as well be a version. */
  readonly bareIps?: boolean
}

/** Host identities mentioned in a text, once each, in order of appearance. */
export function hostsIn(text: string, options: HostOptions = {}): string[] {
  const found = new Set<string>()
  for (const [, scheme = '', authority = ''] of text.matchAll(URL_AUTHORITY)) {
    for (const host of authorityHosts(scheme, authority)) found.add(host)
  }
  for (const [, host = ''] of text.matchAll(BARE_HOST)) {
    const tld = host.slice(host.lastIndexOf('.') + 1).toLowerCase()
    if (!FILE_EXTENSIONS.has(tld)) found.add(identity(host, ''))
  }
  for (const [, host = '', port = ''] of text.matchAll(BARE_LOOPBACK)) {
    found.add(identity(host, port))
  }
  if (options.bareIps) {
    for (const [, ip = ''] of text.matchAll(BARE_IPV4)) {
      if (ip.split('.').every(octet => Number(octet) <= 255)) {
        found.add(identity(ip, ''))
      }
    }
  }
  return [...found]
}

// `user:pw@h1:5432,h2:5433` (libpq lists several hosts): each host, without
// credentials or port.
function authorityHosts(scheme: string, authority: string): string[] {
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1)
  const hosts: string[] = []
  for (const entry of hostPart.split(',')) {
    const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(entry)
    const host = match?.[1] ?? ''
    if (host === '' || !VALID_HOST.test(host.replace(/\.$/, ''))) continue
    const port = match?.[2] || (DEFAULT_PORTS[scheme.toLowerCase()] ?? '')
    hosts.push(identity(host, port))
  }
  return hosts
}

function identity(host: string, port: string): string {
  const name = host.toLowerCase().replace(/\.$/, '')
  return isLoopback(name) && port !== '' ? `${name}:${port}` : name
}

function isLoopback(name: string): boolean {
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.startsWith('127.') ||
    name === '0.0.0.0' ||
    name === '[::1]'
  )
}
