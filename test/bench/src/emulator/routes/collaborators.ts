import { notFound } from '../http-error.js'
import { renderUser } from '../render/user.js'
import { param } from '../route.js'
import type { Reply, Route, RouteContext } from '../route.js'
import type { Permission } from '../state.js'
import { permissionFlags } from './repository.js'

// The legacy `permission` field only knows admin/write/read/none; the real
// role survives in `role_name`.
const LEGACY: Record<Permission, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}

function getPermission(ctx: RouteContext): Reply {
  const username = param(ctx, 'username')
  const entry = [...ctx.state.collaborators].find(
    ([login]) => login.toLowerCase() === username.toLowerCase()
  )
  if (!entry) throw notFound()
  const [login, role] = entry
  return {
    status: 200,
    body: {
      permission: LEGACY[role],
      role_name: role,
      user: {
        ...renderUser(ctx.urls, login),
        permissions: permissionFlags(role),
        role_name: role
      }
    }
  }
}

/** GET /repos/{owner}/{repo}/collaborators/{username}/permission. */
export const collaboratorRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    operationId: 'repos/get-collaborator-permission-level',
    handler: getPermission
  }
]
