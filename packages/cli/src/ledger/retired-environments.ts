import type { LedgerEnvironment, RetiredEnvironment } from '@rehearse/engine'
import { latestState } from './deployment-state.js'
import type { LedgerData } from './ledger-data.js'
import { deploymentsOf } from './ledger-data.js'

/**
 * Retires an environment (a per-PR one torn down): every deployment of it
 * not inactive yet becomes inactive, and it is remembered as retired so
 * `rehearse status` no longer lists it, until it is deployed again.
 */
export function retireEnvironment(
  data: LedgerData,
  environment: string,
  now: string
): RetiredEnvironment {
  const live = deploymentsOf(data, environment).filter(
    d => latestState(d) !== 'inactive'
  )
  for (const deployment of live)
    deployment.history.push({
      state: 'inactive',
      at: now,
      description: 'environment torn down'
    })
  data.retired = { ...data.retired, [environment]: now }
  return { deactivated: live.length, deleted: true }
}

/** A deployment brings a retired environment back. */
export function unretire(data: LedgerData, environment: string): void {
  if (!data.retired || !Object.hasOwn(data.retired, environment)) return
  const { [environment]: _gone, ...rest } = data.retired
  data.retired = rest
}

/** Environments with deployments, first deployed first, retired ones left out. */
export function liveEnvironments(data: LedgerData): string[] {
  const names = new Set(data.deployments.map(d => d.environment))
  return [...names].filter(name => !Object.hasOwn(data.retired ?? {}, name))
}

/** The live environments named `<prefix>…`, with when each was last deployed. */
export function environmentsNamed(
  data: LedgerData,
  prefix: string
): LedgerEnvironment[] {
  return liveEnvironments(data)
    .filter(name => name.startsWith(prefix))
    .map(name => {
      const times = deploymentsOf(data, name).map(
        d => d.history.at(-1)?.at ?? d.createdAt
      )
      times.sort((a, b) => Date.parse(b) - Date.parse(a))
      return { name, lastDeployedAt: times[0] }
    })
}
