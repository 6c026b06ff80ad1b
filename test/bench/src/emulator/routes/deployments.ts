import { contextStates, latestDeploymentStatus } from '../commit-checks.js'
import { HttpError, notFound, unprocessable } from '../http-error.js'
import { renderDeployment } from '../render/deployment.js'
import { ensureEnvironment } from './environments.js'
import { resolveRef } from '../resolve-ref.js'
import { bodyBoolean, bodyString, numericParam } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, removeWhere, timestamp } from '../state.js'
import type { DeploymentRecord, EmulatorState } from '../state.js'

/** The deployment with this id, or a 404. */
export function findDeployment(
  state: EmulatorState,
  id: number
): DeploymentRecord {
  const deployment = state.deployments.find(d => d.id === id)
  if (!deployment) throw notFound()
  return deployment
}

function requiredContexts(ctx: RouteContext): string[] | undefined {
  const value = ctx.body.required_contexts
  return Array.isArray(value)
    ? value.filter(item => typeof item === 'string')
    : undefined
}

// Omitted required_contexts means "every context on the commit"; [] skips.
function verifyContexts(
  ctx: RouteContext,
  sha: string,
  ref: string,
  required: string[] | undefined
): void {
  if (required !== undefined && required.length === 0) return
  const reported = contextStates(ctx.state, sha)
  const checked =
    required === undefined
      ? reported
      : required.map(
          context =>
            reported.find(r => r.context === context) ?? {
              context,
              state: 'pending'
            }
        )
  if (checked.every(c => c.state === 'success')) return
  throw new HttpError(
    409,
    `Conflict: Commit status checks failed for ${ref}.`,
    {
      errors: [
        {
          contexts: checked,
          resource: 'Deployment',
          field: 'required_contexts',
          code: 'invalid'
        }
      ]
    }
  )
}

function payloadOf(ctx: RouteContext): DeploymentRecord['payload'] {
  const payload = ctx.body.payload
  if (typeof payload === 'string') return payload
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)
    : {}
}

async function createDeployment(ctx: RouteContext): Promise<Reply> {
  const ref = bodyString(ctx, 'ref') ?? ''
  const sha = await resolveRef(ctx.state, ctx.git, ref)
  if (!sha) throw new HttpError(422, `No ref found for: ${ref}`)
  const required = requiredContexts(ctx)
  verifyContexts(ctx, sha, ref, required)
  const environment = bodyString(ctx, 'environment') ?? 'production'
  const now = timestamp()
  const deployment: DeploymentRecord = {
    id: nextId(ctx.state),
    sha,
    ref,
    task: bodyString(ctx, 'task') ?? 'deploy',
    payload: payloadOf(ctx),
    environment,
    originalEnvironment: environment,
    description: bodyString(ctx, 'description') ?? null,
    transientEnvironment: bodyBoolean(ctx, 'transient_environment') ?? false,
    productionEnvironment:
      bodyBoolean(ctx, 'production_environment') ??
      environment === 'production',
    autoMerge: bodyBoolean(ctx, 'auto_merge') ?? true,
    requiredContexts: required,
    creator: ctx.login,
    createdAt: now,
    updatedAt: now
  }
  ctx.state.deployments.push(deployment)
  ensureEnvironment(ctx.state, environment)
  return { status: 201, body: renderDeployment(ctx.urls, deployment) }
}

function listDeployments(ctx: RouteContext): Reply {
  const filters = (['sha', 'ref', 'task', 'environment'] as const).flatMap(
    name => {
      const value = ctx.query.get(name)
      return value === null ? [] : [[name, value] as const]
    }
  )
  const matching = ctx.state.deployments
    .filter(d => filters.every(([name, value]) => d[name] === value))
    .reverse()
  return {
    status: 200,
    body: ctx.paginate(matching).map(d => renderDeployment(ctx.urls, d))
  }
}

function getDeployment(ctx: RouteContext): Reply {
  const deployment = findDeployment(
    ctx.state,
    numericParam(ctx, 'deployment_id')
  )
  return { status: 200, body: renderDeployment(ctx.urls, deployment) }
}

// GitHub keeps one active deployment per environment: an active one (its
// latest status is success) goes only when it is the last one there.
function deleteDeployment(ctx: RouteContext): Reply {
  const { state } = ctx
  const deployment = findDeployment(state, numericParam(ctx, 'deployment_id'))
  const active =
    latestDeploymentStatus(state, deployment.id)?.state === 'success'
  const alone = state.deployments.every(
    d => d === deployment || d.environment !== deployment.environment
  )
  if (active && !alone) {
    throw unprocessable(
      'We cannot delete an active deployment unless it is the only deployment in a given environment.'
    )
  }
  removeWhere(state.deployments, d => d === deployment)
  removeWhere(state.deploymentStatuses, s => s.deploymentId === deployment.id)
  return { status: 204 }
}

/** Deployments: create, list, get, delete. */
export const deploymentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments',
    operationId: 'repos/create-deployment',
    handler: createDeployment
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments',
    operationId: 'repos/list-deployments',
    handler: listDeployments
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    operationId: 'repos/get-deployment',
    handler: getDeployment
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    operationId: 'repos/delete-deployment',
    handler: deleteDeployment
  }
]
