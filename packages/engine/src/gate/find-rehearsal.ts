import type { DeploymentRecord, Ledger, SourceControl } from '../ports.js'

/** How far back a tree-equal rehearsal is looked for. */
const RECENT_LIMIT = 20

/**
 * The deployment of `environment` that rehearsed this code: the same SHA, or
 * else a successful deployment of a commit with the same git tree (a merge or
 * squash commit of the rehearsed code is the same code).
 */
export async function findRehearsal(
  ledger: Ledger,
  source: SourceControl,
  environment: string,
  sha: string
): Promise<DeploymentRecord | undefined> {
  const same = await ledger.findDeployment(environment, sha)
  if (same) return same
  const recent = await ledger.recentDeployments(environment, RECENT_LIMIT)
  const candidates = recent.filter(
    d => (d.state === 'success' || d.state === 'inactive') && d.sha !== sha
  )
  if (candidates.length === 0) return undefined
  const tree = await source.treeOf(sha)
  for (const candidate of candidates) {
    // A deployed commit this checkout cannot read is not this code.
    const candidateTree = await source
      .treeOf(candidate.sha)
      .catch(() => undefined)
    if (candidateTree === tree) return candidate
  }
  return undefined
}
