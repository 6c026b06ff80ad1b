import { readPull } from '@rehearse/chatops'
import { ConfigurationError } from '@rehearse/core'
import type { ActionContext } from '../action-deps.js'

/** The `pr-number` input: empty, or a pull request number. */
export function parsePrNumber(text: string): number | undefined {
  if (text === '') return undefined
  if (!/^[1-9]\d{0,9}$/.test(text)) {
    throw new ConfigurationError(
      `input "pr-number" must be a pull request number (pr-command's pr-number output), got ${JSON.stringify(text)}`,
      { reason: 'invalid_input' }
    )
  }
  return Number(text)
}

/** The pull request's head branch, for `REHEARSE_REF`. */
export async function readPullHead(
  context: ActionContext,
  prNumber: number
): Promise<{ ref: string }> {
  const { octokit, owner, repo } = context
  const pull = await readPull({ octokit, owner, repo }, prNumber)
  return { ref: pull.headRef }
}

/**
 * The pull request's head must still be the SHA pr-command accepted, right
 * before anything is written and again before the deployment is created:
 * a push in between would deploy code nobody asked for.
 */
export async function confirmPullHead(
  context: ActionContext,
  prNumber: number,
  sha: string
): Promise<void> {
  const { octokit, owner, repo } = context
  const pull = await readPull({ octokit, owner, repo }, prNumber)
  if (pull.headSha === sha.toLowerCase() && pull.state === 'open') return
  const now =
    pull.state === 'open'
      ? `its head is now ${pull.headSha.slice(0, 7)}`
      : `it is ${pull.state}`
  throw new ConfigurationError(
    `#${prNumber} changed after the command was accepted (${now}, the command was for ${sha.slice(0, 7)}); nothing was deployed. Comment the command again to deploy the new head.`,
    { reason: 'ref_changed' }
  )
}
