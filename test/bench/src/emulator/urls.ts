/** Base URLs that rendered resources point at. */
export interface Urls {
  /** The emulator itself, e.g. http://127.0.0.1:41234 (no trailing slash). */
  api: string
  /** Where html_url links point, e.g. https://github.com. */
  web: string
  owner: string
  repo: string
  /** `${api}/repos/${owner}/${repo}` */
  repoApi: string
  /** `${web}/${owner}/${repo}` */
  repoWeb: string
}

/** Builds {@link Urls} for one repository. */
export function makeUrls(
  api: string,
  web: string,
  owner: string,
  repo: string
): Urls {
  return {
    api,
    web,
    owner,
    repo,
    repoApi: `${api}/repos/${owner}/${repo}`,
    repoWeb: `${web}/${owner}/${repo}`
  }
}

/** Deterministic positive id for a name, so a login keeps its id. */
export function stableId(name: string): number {
  let hash = 2166136261
  for (const char of name) {
    hash ^= char.codePointAt(0) ?? 0
    hash = Math.imul(hash, 16777619) >>> 0
  }
  return (hash % 90_000_000) + 10_000_000
}

/** An opaque GraphQL-style node id like GitHub's. */
export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '')
}
