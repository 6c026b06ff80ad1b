import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '../plan-types.js'
import { formatPath } from '../plan/locate.js'
import { isDottedQuad, splitHostPort } from './hosts.js'
import { TOKEN, readHost, tokensIn } from './mentions.js'
import { entryIdentities, urlAuthorities, withoutAuthorities } from './urls.js'

// Production's hosts are recognized, not token-matched: a production value
// is free text (`LOG_LEVEL: debug`, `ENTRY: server.js`, `VERSION: 1.2.3`),
// and only what is surely a host may refuse staging's words.

// A bare `name.ext` is far more often a file than a host; URLs, `hosts:`
// entries and host variables always count.
const FILE_EXTENSIONS = new Set(
  (
    'sh bash zsh ps1 js mjs cjs ts tsx jsx json yaml yml toml ini cfg conf ' +
    'env txt md rst py rb pl php java jar war class go rs c h cpp hpp cs ' +
    'sql csv tsv xml html htm css scss lock log pem crt cer key pub tar gz ' +
    'tgz zip bz2 xz out bin exe dll so dylib tf tfvars hcl j2 tpl tmpl ' +
    'png jpg jpeg gif svg ico pdf'
  ).split(' ')
)
// A variable whose value is a host (its last word says so): DB_HOST, PGHOST,
// HOSTNAME, DATABASE_URL, MONGO_URI, BIND_ADDRESS, SMTP_SERVER, API_ENDPOINT,
// COOKIE_DOMAIN, SENTRY_DSN, or DB. Not DB_NAME, POSTGRES_DB, DB_USER: those
// name a database or a user, which staging may well share.
const HOST_VARIABLE =
  /(?:HOST|HOSTNAME|URL|URI|ADDR|ADDRESS|SERVER|ENDPOINT|DOMAIN|DSN)(?:S|ES)?$|^DB$/i
const TOP_LABEL = /\.(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/

/**
 * The host identities a production value names, in order: every URL's
 * hosts; `host`/`host:port` words that surely are hosts (a dotted name whose
 * last label is a letter TLD but no file extension, a dotted-quad IPv4, an
 * IPv6 address, a loopback host with a port); and, when `variable` names a
 * host, every word of a value that is only hosts (`prod-db`, `db.acme.pl`,
 * `167838211`, `h1,h2`).
 */
export function hostsIn(text: string, variable = ''): string[] {
  const found = new Set<string>()
  const urls = urlAuthorities(text)
  for (const url of urls) url.identities.forEach(id => found.add(id))
  const rest = withoutAuthorities(text, urls)
  const tokens = tokensIn(rest)
  const onlyHosts =
    HOST_VARIABLE.test(variable) && /^[\s,;]*$/.test(rest.replace(TOKEN, ''))
  for (const token of tokens) {
    if (token.pathSegment) continue
    const word = token.text.replace(/:+$/, '')
    const identity = readHost(word, onlyHosts ? 'any' : 'addresses')
    if (identity === undefined) continue
    if (onlyHosts || surelyHost(word, identity)) found.add(identity)
  }
  return [...found]
}

/**
 * Every production host identity, with the first place production names
 * it: each production environment's url, env values and `hosts:` entries.
 */
export function productionHosts(plan: Plan): Map<string, string> {
  const hosts = new Map<string, string>()
  const add = (identities: readonly string[], where: string) => {
    for (const id of identities) if (!hosts.has(id)) hosts.set(id, where)
  }
  for (const [name, environment] of Object.entries(plan.environments)) {
    if (!environment.production) continue
    const at = (...path: (string | number)[]) =>
      formatPath(['environments', name, ...path])
    if (environment.url !== undefined) {
      add(hostsIn(environment.url, 'URL'), at('url'))
    }
    for (const [key, value] of Object.entries(environment.env)) {
      add(hostsIn(value, key), at('env', key))
    }
    environment.hosts.forEach((entry, index) => {
      const identities = entryIdentities(entry)
      // Fail closed: an entry that names no host would protect nothing.
      if (identities.length === 0) {
        throw new ConfigurationError(
          `${plan.file}: ${at('hosts', index)}: ${JSON.stringify(entry)} is not a host; write a name (db.internal), an IP address (10.0.0.3, [2001:db8::1]) or host:port (127.0.0.1:5432)`,
          { reason: 'invalid_plan' }
        )
      }
      add(identities, at('hosts', index))
    })
  }
  return hosts
}

function surelyHost(word: string, identity: string): boolean {
  const host = splitHostPort(word)?.host ?? ''
  if (identity.startsWith('loopback:')) return true
  // Loopback without a port is every environment on the machine (NO_PROXY
  // lists it everywhere): production claims it only by a host variable.
  if (identity === 'loopback') return false
  if (host.startsWith('[') || isDottedQuad(host)) return true
  if (!TOP_LABEL.test(identity)) return false
  return !FILE_EXTENSIONS.has(identity.slice(identity.lastIndexOf('.') + 1))
}
