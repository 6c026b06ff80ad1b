import type { DeploymentRecord } from '../ports.js'
import type { PipelineDeps, RunRequest } from './types.js'

/**
 * The release a rehearsal rolls back to: what production serves now (the
 * way back production would take), else this environment's last good
 * release; never the candidate itself.
 */
export async function rollbackTarget(
  request: RunRequest,
  previous: DeploymentRecord | undefined,
  deps: PipelineDeps
): Promise<DeploymentRecord | undefined> {
  const productions = Object.values(request.plan.environments).filter(
    environment => environment.production
  )
  for (const production of productions) {
    const serving = await deps.ledger.lastSuccessfulDeployment(production.name)
    if (serving && serving.sha !== request.sha) return serving
  }
  return previous && previous.sha !== request.sha ? previous : undefined
}
