import type { Plan } from '../plan-types.js'
import type { DeploymentPayload } from '../ports.js'
import type { Fingerprint } from './types.js'

/** What one deployment releases, and who asked for it. */
export interface ReleaseFacts {
  readonly sha: string
  readonly rehearsedSha: string
  /** The artifact reference resolved for `rehearsedSha`. */
  readonly artifact: string | undefined
  readonly slot?: 'blue' | 'green'
  readonly creator?: string
  readonly freezeOverride?: DeploymentPayload['freezeOverride']
}

/**
 * What Rehearse stores with each Deployment: the fingerprint with its parts
 * (and their `<part>:<item>` details, so a later mismatch can be explained
 * from the stored record alone), a plan summary a reviewer can read, the
 * environment's variable names, and what was released (both SHAs and the
 * exact artifact). Never a variable's value.
 */
export function buildDeploymentPayload(
  plan: Plan,
  environment: string,
  fingerprint: Fingerprint,
  release?: ReleaseFacts
): DeploymentPayload {
  return {
    rehearse: 1,
    fingerprint: fingerprint.value,
    parts: { ...fingerprint.parts, ...fingerprint.details },
    plan: {
      steps: plan.deploy.map(step => step.name),
      artifact: plan.artifact,
      strategy: plan.strategy.type
    },
    variables: Object.keys(plan.environments[environment]?.env ?? {}).sort(),
    ...(release
      ? {
          release: {
            sha: release.sha,
            rehearsedSha: release.rehearsedSha,
            artifact: release.artifact,
            ...(release.slot ? { slot: release.slot } : {})
          },
          ...(release.creator ? { creator: release.creator } : {}),
          ...(release.freezeOverride
            ? { freezeOverride: release.freezeOverride }
            : {})
        }
      : {})
  }
}
