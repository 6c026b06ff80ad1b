import type { Refusal } from '@rehearse/chatops'
import type { Ledger } from '@rehearse/engine'

const HISTORY = 50

/**
 * The release `.rollback` redeploys: the newest deployment of the
 * environment that went live — `success`, or `inactive` once a newer
 * success replaced it (GitHub's auto_inactive only retires successful
 * ones) — whose code differs from what it runs now (its newest
 * deployment). After a failed deploy that is the last good release; after
 * a good one, the good release before it.
 */
export async function findRollbackTarget(
  ledger: Ledger,
  environment: string
): Promise<string | Refusal> {
  const recent = await ledger.recentDeployments(environment, HISTORY)
  const current = recent[0]
  const target = recent.find(
    d =>
      (d.state === 'success' || d.state === 'inactive') &&
      d.sha !== current?.sha
  )
  if (target) return target.sha
  return {
    reason: 'no_rollback_target',
    message: current
      ? `${environment} has no successful release other than ${current.sha.slice(0, 7)} among its last ${HISTORY} deployments; there is nothing to roll back to.`
      : `${environment} has never been deployed; there is nothing to roll back to.`
  }
}
