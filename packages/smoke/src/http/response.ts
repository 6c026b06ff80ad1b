import type { Dispatcher } from 'undici'
import { RequestFailure } from './request-failure.js'

/** Only within the target's origin: another host or scheme is refused. */
export function checkRedirect(from: URL, location: string, target: URL): URL {
  let next: URL
  try {
    next = new URL(location, from)
  } catch {
    throw new RequestFailure(
      `redirect to an invalid URL refused`,
      'refused',
      true
    )
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new RequestFailure(
      `redirect to a ${next.protocol} URL refused: only http(s) is fetched`,
      'refused',
      true
    )
  }
  if (next.origin !== target.origin) {
    throw new RequestFailure(
      `redirect to another host refused: ${next.origin} (the checks stay on ${target.origin})`,
      'refused',
      true
    )
  }
  return next
}

/** Header names in lower case, repeated headers joined. */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>
): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

/**
 * The body as text, refused (and the connection dropped) as soon as it is
 * known to exceed `max` bytes: by its content-length or while streaming.
 */
export async function readCapped(
  body: Dispatcher.ResponseData['body'],
  headers: Record<string, string>,
  max: number,
  /** Told the bytes read so far after each chunk. */
  onProgress?: (bytes: number) => void
): Promise<string> {
  const tooLarge = (size: string): RequestFailure =>
    new RequestFailure(
      `response body of ${size} exceeds the ${max}-byte cap (smoke.max-body-bytes)`,
      'refused',
      true
    )
  // Destroying emits an abort error nobody else listens for.
  const discard = (): void => {
    body.on('error', () => undefined)
    body.destroy()
  }
  const declared = Number(headers['content-length'])
  if (Number.isFinite(declared) && declared > max) {
    discard()
    throw tooLarge(`${declared} bytes`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) {
      discard()
      throw tooLarge(`more than ${max} bytes`)
    }
    chunks.push(chunk)
    onProgress?.(size)
  }
  return Buffer.concat(chunks).toString('utf8')
}
