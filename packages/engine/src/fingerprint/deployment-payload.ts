import type { Plan } from '../plan-types.js'
import type { DeploymentPayload } from '../ports.js'
import type { Fingerprint } from './types.js'

/**
 * What Rehearse stores with each Deployment: the fingerprint with its parts
 * (and their `<part>:<item>` details, so a later mismatch can be explained
 * from the stored record alone), a plan summary a reviewer can read, and the
 * environment's variable names. Never a variable's value.
 */
export function buildDeploymentPayload(
  plan: Plan,
  environment: string,
  fingerprint: Fingerprint
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
    variables: Object.keys(plan.environments[environment]?.env ?? {}).sort()
  }
}
