import type { GitHubRepo } from './github-repo.js'
import type { Refusal } from './refusal.js'

/**
 * Whether `login` may give commands: the collaborator-permission API's
 * `permission` (admin, write, read, none — maintain reads as write and
 * triage as read) must be in `allowed`. Anything but a clear 200 denies:
 * a 404 (not a collaborator), an error, an answer without `permission`.
 * `role_name` is never trusted: a custom role may merely sound privileged.
 */
export async function checkPermission(
  gh: GitHubRepo,
  login: string,
  allowed: readonly string[]
): Promise<Refusal | undefined> {
  let permission: unknown
  try {
    const { data, status } =
      await gh.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: gh.owner,
        repo: gh.repo,
        username: login,
        // One retry: a flaky answer denies rather than holding the comment.
        request: { retries: 1 }
      })
    permission = status === 200 ? data.permission : undefined
  } catch (error) {
    const status = (error as { status?: unknown }).status
    if (status === 404) {
      return {
        reason: 'permission_denied',
        message: `@${login} is not a collaborator of ${gh.owner}/${gh.repo}; only ${allowed.join(', ')} may run commands.`
      }
    }
    return {
      reason: 'permission_unavailable',
      message: `GitHub did not say what @${login} may do (${typeof status === 'number' ? `HTTP ${status}` : 'no answer'}), so the command is refused. Try again.`
    }
  }
  if (typeof permission !== 'string') {
    return {
      reason: 'permission_unavailable',
      message: `GitHub's answer about @${login} had no permission, so the command is refused.`
    }
  }
  const ok = allowed.some(a => a.toLowerCase() === permission.toLowerCase())
  if (ok) return undefined
  return {
    reason: 'permission_denied',
    message: `@${login} has ${permission} permission; commands need one of: ${allowed.join(', ')}.`
  }
}
