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
