import { HttpError, notFound } from '../http-error.js'
import { renderEnvironment } from '../render/environment.js'
import { param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, removeWhere, timestamp } from '../state.js'
import type { EmulatorState, EnvironmentRecord } from '../state.js'

/**
 * The environment named so, created now if it does not exist: GitHub
 * makes one for the first deployment to a new name.
 */
export function ensureEnvironment(
  state: EmulatorState,
  name: string
): EnvironmentRecord {
  const existing = state.environments.find(e => e.name === name)
  if (existing) return existing
  const now = timestamp()
  const created = { id: nextId(state), name, createdAt: now, updatedAt: now }
  state.environments.push(created)
  return created
}

function findEnvironment(ctx: RouteContext): EnvironmentRecord {
  const name = param(ctx, 'environment_name')
  const found = ctx.state.environments.find(e => e.name === name)
  if (!found) throw notFound()
  return found
}

function listEnvironments(ctx: RouteContext): Reply {
  const all = ctx.state.environments
  return {
    status: 200,
    body: {
      total_count: all.length,
      environments: ctx
        .paginate(all)
        .map(environment => renderEnvironment(ctx.urls, environment))
    }
  }
}

function getEnvironment(ctx: RouteContext): Reply {
  return {
    status: 200,
    body: renderEnvironment(ctx.urls, findEnvironment(ctx))
  }
}

// Deployments stay: the emulator keeps them (and their statuses) readable
// after their environment is deleted.
function deleteEnvironment(ctx: RouteContext): Reply {
  if (ctx.state.denyEnvironmentDeletes)
    throw new HttpError(403, 'Resource not accessible by integration')
  const environment = findEnvironment(ctx)
  removeWhere(ctx.state.environments, e => e === environment)
  return { status: 204 }
}

/** Repository environments: list, get, delete (created by deployments). */
export const environmentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments',
    operationId: 'repos/get-all-environments',
    handler: listEnvironments
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    operationId: 'repos/get-environment',
    handler: getEnvironment
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    operationId: 'repos/delete-an-environment',
    handler: deleteEnvironment
  }
]
