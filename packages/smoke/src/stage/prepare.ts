import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '@rehearse/engine'
import { readBaselineFile } from '../baseline/find-baseline.js'
import { compileSmokeConfig } from '../config/compile-config.js'
import type { BaselineInfo, SmokeConfig } from '../types.js'

/** Everything checked before the first request: each a ConfigurationError. */
export interface Prepared {
  readonly config: SmokeConfig
  readonly base: URL
  readonly ca: string | undefined
  /** Set when the baseline is a file; `previous` is looked up later. */
  readonly baselineFile: BaselineInfo | undefined
}

/**
 * Refuses to run when anything in the environment disables certificate
 * verification: Rehearse never checks a target it cannot authenticate.
 */
export function refuseDisabledTls(
  env: Readonly<Record<string, string | undefined>>
): void {
  for (const source of [env, process.env]) {
    if (source.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
      throw new ConfigurationError(
        'NODE_TLS_REJECT_UNAUTHORIZED=0 is set: it turns off certificate verification, so the smoke test refuses to run. Remove it from the workflow; for an internal CA, set smoke.tls.ca-file instead.',
        { reason: 'tls_verification_disabled' }
      )
    }
  }
}

/** The base URL: the `url` input, else the plan's; http(s) only, no credentials. */
export function resolveBaseUrl(
  plan: Plan,
  environment: string,
  url: string | undefined
): URL {
  const text = url || plan.environments[environment]?.url
  if (!text) {
    throw new ConfigurationError(
      `no URL to check for ${environment}: set environments.${environment}.url in ${plan.file} or the "url" input (e.g. the deploy step's environment-url output)`,
      { reason: 'no_url' }
    )
  }
  let parsed: URL
  try {
    parsed = new URL(text)
  } catch {
    throw new ConfigurationError(`"${text}" is not a URL`, {
      reason: 'invalid_url'
    })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError(
      `only http(s) URLs are checked, got a ${parsed.protocol} URL`,
      { reason: 'invalid_url' }
    )
  }
  if (parsed.username || parsed.password) {
    throw new ConfigurationError(
      "the URL carries a user or password: put credentials in a check's headers from an environment variable (${{ env.NAME }}) instead",
      { reason: 'invalid_url' }
    )
  }
  parsed.hash = ''
  return parsed
}

function readCa(
  workspace: string,
  file: string | undefined
): string | undefined {
  if (!file) return undefined
  try {
    return readFileSync(resolve(workspace, file), 'utf8')
  } catch (error) {
    throw new ConfigurationError(
      `smoke.tls.ca-file: cannot read ${file} (${(error as Error).message}); give a PEM file relative to the repository root`
    )
  }
}

/** Validates the request and the plan's smoke section before anything runs. */
export function prepareSmoke(request: {
  plan: Plan
  environment: string
  sha: string
  workspace: string
  url?: string
  baseline: string
  env: Readonly<Record<string, string | undefined>>
}): Prepared {
  refuseDisabledTls(request.env)
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(request.sha)) {
    throw new ConfigurationError(
      `"${request.sha}" is not a full commit SHA. Pass the 40-character SHA of the deployed commit (e.g. \${{ github.sha }}).`,
      { reason: 'invalid_sha' }
    )
  }
  const base = resolveBaseUrl(request.plan, request.environment, request.url)
  const config = compileSmokeConfig(request.plan, request.env)
  const choice = request.baseline.trim() || 'previous'
  return {
    config,
    base,
    ca: readCa(request.workspace, config.tls.caFile),
    baselineFile:
      choice === 'previous' || choice === 'none'
        ? undefined
        : readBaselineFile(request.workspace, choice)
  }
}
