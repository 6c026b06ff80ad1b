/** One page of a list and the Link header that goes with it. */
export interface Page<T> {
  items: T[]
  /** Undefined when everything fits on page 1. */
  link: string | undefined
}

const DEFAULT_PER_PAGE = 30
const MAX_PER_PAGE = 100

function positive(value: string | null, fallback: number): number {
  const parsed = Number.parseInt(value ?? '', 10)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

/**
 * Slices `items` like GitHub: `per_page` (default 30, at most 100) and
 * 1-based `page`, with a Link header carrying next/last/first/prev built
 * from the request URL so clients can follow it back to the emulator.
 */
export function paginate<T>(requestUrl: URL, items: readonly T[]): Page<T> {
  const perPage = Math.min(
    positive(requestUrl.searchParams.get('per_page'), DEFAULT_PER_PAGE),
    MAX_PER_PAGE
  )
  const page = positive(requestUrl.searchParams.get('page'), 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const slice = items.slice((page - 1) * perPage, page * perPage)
  const to = (target: number) => {
    const url = new URL(requestUrl)
    url.searchParams.set('page', String(target))
    return url.toString()
  }
  const rels: string[] = []
  if (page < last)
    rels.push(`<${to(page + 1)}>; rel="next"`, `<${to(last)}>; rel="last"`)
  if (page > 1)
    rels.push(
      `<${to(1)}>; rel="first"`,
      `<${to(Math.min(page - 1, last))}>; rel="prev"`
    )
  return { items: slice, link: rels.length > 0 ? rels.join(', ') : undefined }
}
