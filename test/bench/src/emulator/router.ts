import type { Route } from './route.js'

/** A route that matched, with its decoded path parameters. */
export interface RouteMatch {
  route: Route
  params: Record<string, string>
}

interface CompiledRoute {
  route: Route
  regex: RegExp
  names: string[]
}

function compile(route: Route): CompiledRoute {
  const names: string[] = []
  const pattern = route.path
    .split(/(\{[^}]+\})/)
    .map(part => {
      const name = /^\{([^}+]+)(\+?)\}$/.exec(part)
      if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      names.push(name[1] ?? '')
      return name[2] ? '(.+)' : '([^/]+)'
    })
    .join('')
  return { route, regex: new RegExp(`^${pattern}/?$`), names }
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** Matches raw (still percent-encoded) paths against route templates. */
export class Router {
  private readonly compiled: CompiledRoute[]

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile)
  }

  /** The first route for this method and path, or undefined. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    for (const { route, regex, names } of this.compiled) {
      if (route.method !== method) continue
      const found = regex.exec(rawPath)
      if (!found) continue
      // Octokit percent-encodes slashes inside parameters (heads%2Fmain);
      // decoding after matching keeps them inside one parameter.
      const params = Object.fromEntries(
        names.map((name, index) => [name, decode(found[index + 1] ?? '')])
      )
      return { route, params }
    }
    return undefined
  }
}
