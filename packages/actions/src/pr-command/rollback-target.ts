import type { Refusal } from '@rehearse/chatops'
import { findWayBack, WAY_BACK_HISTORY } from '@rehearse/engine'
import type { Ledger } from '@rehearse/engine'

/** The release `.rollback` redeploys: the engine's one way-back rule. */
export async function findRollbackTarget(
  ledger: Ledger,
  environment: string
): Promise<string | Refusal> {
  const way = await findWayBack(ledger, environment)
  if (way.found) return way.target.sha
  return {
    reason: 'no_rollback_target',
    message: way.current
      ? `${environment} has no successful release other than ${way.current.sha.slice(0, 7)} among its last ${WAY_BACK_HISTORY} deployments; there is nothing to roll back to.`
      : `${environment} has never been deployed; there is nothing to roll back to.`
  }
}
