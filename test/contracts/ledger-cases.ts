import type {
  DeploymentPayload,
  DeploymentRequest,
  DeploymentState
} from '@rehearse/engine'
import type { LedgerSubject } from './ledger-subjects.js'

/** What the contract cases get from the suite that runs them. */
export interface CaseContext {
  /** The implementation under test (started in `beforeAll`). */
  subject(): LedgerSubject
  /** A new environment name, unique in this run. */
  env(base?: string): string
}

/** A payload as the engine writes it, with `extra` on top. */
export const payload = (
  extra: Partial<DeploymentPayload> = {}
): DeploymentPayload => ({
  rehearse: 1,
  fingerprint: 'sha256:abc123',
  parts: { plan: 'p1', artifact: 'a1' },
  plan: { steps: ['Apply manifests'], artifact: 'shop:1', strategy: 'direct' },
  variables: ['REPLICAS'],
  ...extra
})

/** A non-production, non-transient deployment request. */
export const request = (
  environment: string,
  sha: string,
  extra: Partial<DeploymentRequest> = {}
): DeploymentRequest => ({
  environment,
  sha,
  payload: payload(),
  production: false,
  transient: false,
  description: `Rehearse: ${environment}`,
  ...extra
})

/** Deploys `sha` to `environment` through in_progress to `state`. */
export async function deploy(
  subject: LedgerSubject,
  environment: string,
  sha: string,
  state: DeploymentState,
  extra: Partial<DeploymentRequest> = {}
): Promise<string> {
  const { ledger } = subject
  const { id } = await ledger.ensureDeployment(request(environment, sha, extra))
  await ledger.setDeploymentState(id, 'in_progress', {})
  await ledger.setDeploymentState(id, state, {})
  return id
}

/** The latest state of the environment's deployment of `sha`. */
export async function stateOf(
  subject: LedgerSubject,
  environment: string,
  sha: string
): Promise<DeploymentState | undefined> {
  return (await subject.ledger.findDeployment(environment, sha))?.state
}
