import type { DeploymentPayload, DeploymentRequest } from '@rehearse/engine'

/** A payload whose fingerprint names the SHA, so tests can tell them apart. */
export function payloadFor(sha: string, creator?: string): DeploymentPayload {
  return {
    rehearse: 1,
    fingerprint: `sha256:${sha}`,
    parts: {},
    plan: { steps: ['Deploy'], artifact: undefined, strategy: 'direct' },
    variables: ['PORT'],
    ...(creator ? { creator } : {})
  }
}

/** A deployment request with the given environment and SHA. */
export function requestFor(
  environment: string,
  sha: string,
  options: { production?: boolean; transient?: boolean; creator?: string } = {}
): DeploymentRequest {
  return {
    environment,
    sha,
    payload: payloadFor(sha, options.creator),
    production: options.production ?? false,
    transient: options.transient ?? false,
    description: 'test'
  }
}
