/** `postgres://u:secret@db:5432/app` → `db:5432/app`: safe to print. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return 'the given URL'
  }
}

/** The password of a URL, to mask it in logs; '' when there is none. */
export function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password)
  } catch {
    return ''
  }
}

/** `postgres` or `mysql` from the URL's scheme; undefined for others. */
export function dialectOf(url: string): 'postgres' | 'mysql' | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase()
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres'
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql'
  return undefined
}

/** Host, port and database: two URLs naming the same database compare equal. */
export function databaseIdentity(url: string): string {
  try {
    const parsed = new URL(url)
    const port = parsed.port || (dialectOf(url) === 'mysql' ? '3306' : '5432')
    const host = parsed.hostname.toLowerCase()
    const loopback = ['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']
    return `${loopback.includes(host) ? 'loopback' : host}:${port}${parsed.pathname}`
  } catch {
    return url
  }
}
