import { userAccount } from './accounts.js'
import { completeRepository } from './complete.js'
import { retargetRepository, type RepoOption } from './retarget.js'
import { example, type JsonObject } from './sources.js'
import { assertValidPayload } from './validate.js'

export interface WorkflowDispatchOptions {
  ref?: string
  /** As typed in the UI or API: workflow_dispatch inputs arrive as given. */
  inputs?: Record<string, string | number | boolean>
  /** The workflow file, relative to the repository root. */
  workflow?: string
  login?: string
  repo?: RepoOption
}

export interface WorkflowDispatchPayload extends JsonObject {
  ref: string
  inputs: Record<string, unknown> | null
  workflow: string
  repository: JsonObject & { full_name: string }
}

/** A `workflow_dispatch` payload from GitHub's real example. */
export function workflowDispatch(
  options: WorkflowDispatchOptions = {}
): WorkflowDispatchPayload {
  const source = example('workflow_dispatch')
  completeRepository(source['repository'] as JsonObject)
  const payload = retargetRepository(source, options.repo)
  Object.assign(payload, {
    ref: options.ref ?? 'refs/heads/main',
    inputs: { ...options.inputs },
    workflow: options.workflow ?? '.github/workflows/deploy.yml',
    sender: userAccount(options.login ?? 'octocat')
  })
  assertValidPayload('workflow_dispatch', undefined, payload)
  return payload as WorkflowDispatchPayload
}
