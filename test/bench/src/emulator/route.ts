import type { GitObjects } from './git-objects.js'
import type { EmulatorState } from './state.js'
import type { Urls } from './urls.js'

/** What a handler answers; errors are thrown as HttpError instead. */
export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** Everything a handler may use for one request. */
export interface RouteContext {
  /** Decoded path parameters. */
  params: Record<string, string>
  query: URLSearchParams
  /** Parsed JSON body; `{}` when the request had none. */
  body: Record<string, unknown>
  /** Login the request's token authenticates as. */
  login: string
  state: EmulatorState
  git: GitObjects
  urls: Urls
  /** Slices a full list by `page`/`per_page` and sets the Link header. */
  paginate<T>(items: readonly T[]): T[]
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>

/**
 * One implemented endpoint. In `path`, `{name}` matches one segment and
 * `{name+}` matches the rest of the path, slashes included (git refs).
 */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  path: string
  operationId: string
  handler: Handler
}

/** Reads a string parameter that the route template guarantees. */
export function param(ctx: RouteContext, name: string): string {
  return ctx.params[name] ?? ''
}

/** Reads a numeric path parameter; NaN never matches a stored id. */
export function numericParam(ctx: RouteContext, name: string): number {
  return Number(ctx.params[name])
}

/** Reads an optional string field of the JSON body. */
export function bodyString(
  ctx: RouteContext,
  name: string
): string | undefined {
  const value = ctx.body[name]
  return typeof value === 'string' ? value : undefined
}

/** Reads an optional boolean field of the JSON body. */
export function bodyBoolean(
  ctx: RouteContext,
  name: string
): boolean | undefined {
  const value = ctx.body[name]
  return typeof value === 'boolean' ? value : undefined
}
