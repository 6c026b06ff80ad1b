import type { Ledger } from '@rehearse/engine'
import { readDataReceipt } from './data-receipt.js'
import type { DataReceipt } from './data-receipt.js'

/** The stage name of a refresh: `rehearse/<env>/data`. */
export const DATA_STAGE = 'data'

/**
 * The environment's newest refresh receipt. A refresh records it on the
 * commit it ran at (a scheduled workflow: the default branch's head, which
 * the environment deploys), so the candidates are `sha` (being promoted)
 * and the environment's recent deployments.
 */
export async function findDataReceipt(
  ledger: Ledger,
  environment: string,
  sha: string,
  limit = 30
): Promise<DataReceipt | undefined> {
  // Which commits were deployed is all it needs: no states read.
  const recent = await ledger.listDeployments(environment, limit)
  const shas = [...new Set([sha, ...recent.map(d => d.sha)])]
  let newest: DataReceipt | undefined
  for (const candidate of shas) {
    const report = await ledger.readReport(candidate, environment, DATA_STAGE)
    const receipt = report ? readDataReceipt(report.data) : undefined
    if (receipt && (!newest || receipt.finishedAt > newest.finishedAt))
      newest = receipt
  }
  return newest
}
