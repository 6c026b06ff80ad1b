import { renderRepository } from '../render/repository.js'
import type { Route, RouteContext } from '../route.js'
import type { Permission } from '../state.js'

const RANK: Record<Permission, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5
}

/** The caller's repository permissions as GitHub's booleans. */
export function permissionFlags(role: Permission): Record<string, boolean> {
  const rank = RANK[role]
  return {
    admin: rank >= RANK.admin,
    maintain: rank >= RANK.maintain,
    push: rank >= RANK.write,
    triage: rank >= RANK.triage,
    pull: rank >= RANK.read
  }
}

function getRepository(ctx: RouteContext) {
  const { state, urls } = ctx
  // Tokens of unknown users still read: GitHub Actions tokens can.
  const role = state.collaborators.get(ctx.login) ?? 'read'
  const body = {
    ...renderRepository(urls, {
      fullName: `${state.owner}/${state.repo}`,
      defaultBranch: state.defaultBranch,
      permissions: permissionFlags(role)
    }),
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false
  }
  return { status: 200, body }
}

/** GET /repos/{owner}/{repo}. */
export const repositoryRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    operationId: 'repos/get',
    handler: getRepository
  }
]
