import { ConfigurationError } from '@rehearse/core'
import type { Plan } from '@rehearse/engine'
import { PLACEHOLDER_URLS } from './plan-text.js'

const PLACEHOLDERS = new Set<string>(
  Object.values(PLACEHOLDER_URLS).map(url => new URL(url).href)
)

/**
 * Refuses at once when an environment the command runs still has the URL
 * `rehearse init` wrote for it: example.com never answers for anyone's
 * app, so the smoke test would otherwise retry for minutes before saying
 * what a glance at the plan says now.
 */
export function assertRealUrls(
  plan: Plan,
  environments: readonly string[]
): void {
  for (const name of environments) {
    const url = plan.environments[name]?.url
    if (!url || !PLACEHOLDERS.has(safeHref(url))) continue
    throw new ConfigurationError(
      `${plan.file}: environments.${name}.url is still the placeholder rehearse init wrote (${url}). Put your ${name} URL there, commit it, then run the command again.`,
      { reason: 'no_url' }
    )
  }
}

function safeHref(url: string): string {
  try {
    return new URL(url).href
  } catch {
    return url
  }
}
