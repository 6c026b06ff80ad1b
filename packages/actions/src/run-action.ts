import * as core from '@actions/core'
import { ConfigurationError, isConfigurationError } from '@rehearse/core'
import { explainUnexpected } from '@rehearse/github'
import { wasCancelled } from './cancellation.js'
import type { ActionName } from './contract.js'

export interface ActionSteps {
  /** Resolves to a message when the action ran but its result is a failure. */
  main: () => Promise<string | void>
  /** Cleanup that must run even after failure or cancellation. */
  post?: () => Promise<void>
}

const POST_FLAG = 'isPost'

/**
 * The one top of every action: `main` and `post` share a bundle, told apart
 * by the state `main` saves. A failure surfaces once, prefixed with the
 * action's name; user mistakes show no stack trace, post failures only warn.
 */
export async function runAction(
  name: ActionName,
  steps: ActionSteps
): Promise<void> {
  const isPost = core.getState(POST_FLAG) === 'true'
  if (!isPost) core.saveState(POST_FLAG, 'true')
  try {
    if (isPost) {
      await steps.post?.()
    } else {
      const failure = await steps.main()
      if (failure) core.setFailed(`${name}: ${failure}`)
    }
  } catch (error) {
    reportFailure(name, isPost, error)
  }
}

function reportFailure(name: string, isPost: boolean, thrown: unknown): void {
  // A GitHub failure no call explained (retries exhausted, rate limit) is
  // still the expected failure of a busy or broken GitHub, not a bug.
  const error = isConfigurationError(thrown)
    ? thrown
    : (explainUnexpected(thrown) ?? cancellation(thrown) ?? thrown)
  const message = error instanceof Error ? error.message : String(error)
  if (isPost) {
    core.warning(`${name} (post): ${message}`)
    return
  }
  if (isConfigurationError(error)) {
    if (error.reason) core.setOutput('reason', error.reason)
    core.setFailed(`${name}: ${message}`)
    return
  }
  // Not the user's fault: keep the stack so the bug can be reported.
  core.setFailed(`${name}: unexpected error: ${message}`)
  if (error instanceof Error && error.stack) core.info(error.stack)
}

// After SIGINT/SIGTERM, what broke off (a database query cancelled, a
// request aborted) is the cancellation, not a bug: said as such, one line.
function cancellation(error: unknown): ConfigurationError | undefined {
  if (!wasCancelled()) return undefined
  const message = error instanceof Error ? error.message : String(error)
  const said = message.replace(/\s+/g, ' ').trim().slice(0, 200)
  return new ConfigurationError(
    `the job was cancelled; the step stopped${said ? ` (${said})` : ''}`,
    { reason: 'cancelled', cause: error }
  )
}
