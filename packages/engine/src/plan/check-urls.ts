import type { PlanProblem } from './describe-schema-error.js'
import type { PathSegment } from './locate.js'

interface RawEnvironment {
  url?: string
  slots?: Record<string, { url?: string }>
}

/**
 * Environment and slot URLs the schema's `^https?://` lets through but no
 * request could use as written: spaces or control characters, a host that
 * does not parse, or credentials (they would be logged and shown in
 * deployments). `${{ pr }}` stands for a number here.
 */
export function checkUrls(
  environments: Record<string, RawEnvironment>
): PlanProblem[] {
  type Placed = [PathSegment[], string | undefined]
  const urls = Object.entries(environments).flatMap(
    ([name, environment]): Placed[] => [
      [['environments', name, 'url'], environment?.url],
      ...Object.entries(environment?.slots ?? {}).map(
        ([slot, value]): Placed => [
          ['environments', name, 'slots', slot, 'url'],
          value?.url
        ]
      )
    ]
  )
  return urls.flatMap(([path, url]) => {
    const message = url === undefined ? undefined : urlProblem(url)
    return message ? [{ path, message, reason: 'invalid_url' as const }] : []
  })
}

function urlProblem(url: string): string | undefined {
  const shown = JSON.stringify(url.slice(0, 200))
  const concrete = url.replace(/\$\{\{\s*pr\s*\}\}/g, '1')
  if (/[\s\p{Cc}]/u.test(concrete))
    return `${shown} contains spaces or control characters; percent-encode them, or fix the URL`
  let parsed: URL
  try {
    parsed = new URL(concrete)
  } catch {
    return `${shown} is not a valid URL; give e.g. https://staging.example.com`
  }
  if (parsed.username || parsed.password)
    return `${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))} carries credentials; remove them from the URL and give secrets through the workflow's env`
  return undefined
}
