import type { DeploymentRecord, Ledger, SourceControl } from '../ports.js'

/** How far back a tree-equal rehearsal is looked for. */
const RECENT_LIMIT = 20

/**
 * The deployment of `environment` that rehearsed this code: the same SHA, or
 * else a successful deployment of a commit with the same git tree (a merge or
 * squash commit of the rehearsed code is the same code). Trees are compared
 * first, from one listing and the local checkout; only a tree-equal
 * deployment's state is read, so the cost does not grow with the history.
 */
export async function findRehearsal(
  ledger: Ledger,
  source: SourceControl,
  environment: string,
  sha: string
): Promise<DeploymentRecord | undefined> {
  const same = await ledger.findDeployment(environment, sha)
  if (same) return same
  const listed = (
    await ledger.listDeployments(environment, RECENT_LIMIT)
  ).filter(d => d.sha !== sha)
  if (listed.length === 0) return undefined
  const tree = await source.treeOf(sha)
  for (const candidate of listed) {
    // A deployed commit this checkout cannot read is not this code.
    const candidateTree = await source
      .treeOf(candidate.sha)
      .catch(() => undefined)
    if (candidateTree !== tree) continue
    const record = await ledger.findDeployment(environment, candidate.sha)
    if (record?.state === 'success' || record?.state === 'inactive')
      return record
  }
  return undefined
}
