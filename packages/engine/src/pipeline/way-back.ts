import type { DeploymentRecord, Ledger } from '../ports.js'

/** How far back a manual rollback looks for a good release. */
export const WAY_BACK_HISTORY = 50

export type WayBack =
  | { readonly found: true; readonly target: DeploymentRecord }
  | {
      readonly found: false
      /** The environment's newest deployment, when it has one. */
      readonly current: DeploymentRecord | undefined
    }

/**
 * The release a manual rollback (`.rollback`, `rehearse rollback`)
 * redeploys: the good release (`success`, or `inactive` once a newer
 * success retired it) first deployed before the one the environment runs
 * now. "Runs now" is the deployment whose state changed last, leaving out
 * retirements: after a failed deploy that is the failed one, so the way
 * back is the last good release; after a rollback it is the restored
 * release, so a second rollback goes further back, never forward. One
 * rule, so every entry point goes back to the same place.
 */
export async function findWayBack(
  ledger: Ledger,
  environment: string
): Promise<WayBack> {
  // Newest first deployed first: one deployment per environment and SHA.
  const recent = await ledger.recentDeployments(environment, WAY_BACK_HISTORY)
  const current = runningNow(recent)
  const after = current ? recent.indexOf(current) + 1 : 0
  const target = recent
    .slice(after)
    .find(
      d =>
        (d.state === 'success' || d.state === 'inactive') &&
        d.sha !== current?.sha
    )
  return target ? { found: true, target } : { found: false, current }
}

function runningNow(
  recent: readonly DeploymentRecord[]
): DeploymentRecord | undefined {
  let latest: DeploymentRecord | undefined
  for (const deployment of recent) {
    if (deployment.state === 'inactive' || deployment.state === undefined)
      continue
    if (
      !latest ||
      Date.parse(deployment.updatedAt) > Date.parse(latest.updatedAt)
    )
      latest = deployment
  }
  return latest ?? recent[0]
}
