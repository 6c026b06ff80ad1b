import type { DeploymentRecord, Ledger } from '../ports.js'
import type { ReleaseRelation } from './types.js'

/** The commit a deployment's release was rehearsed as (itself when none). */
export function rehearsedShaOf(deployment: DeploymentRecord): string {
  return deployment.payload?.release?.rehearsedSha ?? deployment.sha
}

/**
 * How the release the required environment runs now (`from`) relates to
 * the target's (`to`). The same code when the SHAs match or the target's
 * release was rehearsed as the required one's commit (a tree-equal merge).
 * Otherwise the ledger tells the order: when the required environment ran
 * the target's rehearsed commit BEFORE its current release, it is ahead
 * (its newer release awaits promotion); when it ran it later, it went back
 * (behind); when it never ran it, the target runs unrehearsed code.
 */
export async function releaseRelation(
  from: { readonly environment: string; readonly current?: DeploymentRecord },
  to: { readonly environment: string; readonly current?: DeploymentRecord },
  ledger: Pick<Ledger, 'findDeployment'>
): Promise<ReleaseRelation> {
  if (!from.current && !to.current) return 'undeployed'
  if (!to.current) return 'target-undeployed'
  if (!from.current) return 'required-undeployed'
  const rehearsed = rehearsedShaOf(to.current)
  if (
    from.current.sha === to.current.sha ||
    from.current.sha === rehearsed ||
    rehearsedShaOf(from.current) === rehearsed
  )
    return 'same'
  const earlier = await ledger.findDeployment(from.environment, rehearsed)
  if (!earlier) return 'unrehearsed'
  return createdBefore(earlier, from.current) ? 'ahead' : 'behind'
}

// Creation order: GitHub's timestamps have one-second precision, so equal
// times fall back to the ids, which only grow.
function createdBefore(a: DeploymentRecord, b: DeploymentRecord): boolean {
  const at = Date.parse(a.createdAt)
  const bt = Date.parse(b.createdAt)
  if (at !== bt && !Number.isNaN(at) && !Number.isNaN(bt)) return at < bt
  const [ai, bi] = [Number(a.id), Number(b.id)]
  return Number.isFinite(ai) && Number.isFinite(bi) ? ai < bi : a.id < b.id
}
