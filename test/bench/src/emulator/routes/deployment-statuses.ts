import { latestDeploymentStatus } from '../commit-checks.js'
import { notFound } from '../http-error.js'
import { renderDeploymentStatus } from '../render/deployment.js'
import { bodyBoolean, bodyString, numericParam } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import { nextId, timestamp } from '../state.js'
import type {
  DeploymentRecord,
  DeploymentState,
  DeploymentStatusRecord,
  EmulatorState
} from '../state.js'
import { findDeployment } from './deployments.js'
import { ensureEnvironment } from './environments.js'
import { checkDescription } from './statuses.js'

function addStatus(
  state: EmulatorState,
  deployment: DeploymentRecord,
  fields: Omit<
    DeploymentStatusRecord,
    'id' | 'deploymentId' | 'environment' | 'createdAt'
  >
): DeploymentStatusRecord {
  const createdAt = timestamp()
  const status: DeploymentStatusRecord = {
    id: nextId(state),
    deploymentId: deployment.id,
    environment: deployment.environment,
    createdAt,
    ...fields
  }
  state.deploymentStatuses.push(status)
  deployment.updatedAt = createdAt
  return status
}

/**
 * auto_inactive, as documented: a new success status adds an inactive
 * status to every prior non-transient, non-production deployment of the
 * same environment whose latest status was success.
 */
function inactivatePrior(
  state: EmulatorState,
  current: DeploymentRecord,
  creator: string
): void {
  const prior = state.deployments.filter(
    d =>
      d.id < current.id &&
      d.environment === current.environment &&
      !d.transientEnvironment &&
      !d.productionEnvironment &&
      latestDeploymentStatus(state, d.id)?.state === 'success'
  )
  for (const deployment of prior) {
    addStatus(state, deployment, {
      state: 'inactive',
      description: '',
      logUrl: '',
      environmentUrl: '',
      creator
    })
  }
}

function createStatus(ctx: RouteContext): Reply {
  const deployment = findDeployment(
    ctx.state,
    numericParam(ctx, 'deployment_id')
  )
  const description = bodyString(ctx, 'description') ?? ''
  checkDescription('DeploymentStatus', description)
  const environment = bodyString(ctx, 'environment')
  // A status may move its deployment to another environment.
  if (environment) {
    deployment.environment = environment
    ensureEnvironment(ctx.state, environment)
  }
  const state = bodyString(ctx, 'state') as DeploymentState
  const status = addStatus(ctx.state, deployment, {
    state,
    description,
    logUrl: bodyString(ctx, 'log_url') ?? bodyString(ctx, 'target_url') ?? '',
    environmentUrl: bodyString(ctx, 'environment_url') ?? '',
    creator: ctx.login
  })
  if (state === 'success' && (bodyBoolean(ctx, 'auto_inactive') ?? true)) {
    inactivatePrior(ctx.state, deployment, ctx.login)
  }
  const body = renderDeploymentStatus(ctx.urls, status)
  return { status: 201, body, headers: { location: String(body.url) } }
}

function listStatuses(ctx: RouteContext): Reply {
  const deployment = findDeployment(
    ctx.state,
    numericParam(ctx, 'deployment_id')
  )
  const statuses = ctx.state.deploymentStatuses
    .filter(s => s.deploymentId === deployment.id)
    .reverse()
  return {
    status: 200,
    body: ctx.paginate(statuses).map(s => renderDeploymentStatus(ctx.urls, s))
  }
}

function getStatus(ctx: RouteContext): Reply {
  const deployment = findDeployment(
    ctx.state,
    numericParam(ctx, 'deployment_id')
  )
  const id = numericParam(ctx, 'status_id')
  const status = ctx.state.deploymentStatuses.find(
    s => s.deploymentId === deployment.id && s.id === id
  )
  if (!status) throw notFound()
  return { status: 200, body: renderDeploymentStatus(ctx.urls, status) }
}

/** Deployment statuses: create (with auto_inactive), list, get. */
export const deploymentStatusRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    operationId: 'repos/create-deployment-status',
    handler: createStatus
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    operationId: 'repos/list-deployment-statuses',
    handler: listStatuses
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
    operationId: 'repos/get-deployment-status',
    handler: getStatus
  }
]
