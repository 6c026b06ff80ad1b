export { runAction, startAction } from './run-action.js'
export type { StartedAction } from './run-action.js'
export { findNode24, NODE24_PATH } from './node24.js'
export { RUNNER_KILL_GRACE } from './cancel.js'
export { loadActionManifest } from './action-manifest.js'
export type { ActionManifest, ManifestInput } from './action-manifest.js'
export {
  evaluateInputDefault,
  evaluateStatusCondition,
  SUPPORTED_GITHUB_PROPERTIES
} from './expressions.js'
export { parseKeyValueFile, parsePathFile } from './file-commands.js'
export type { KeyValueFile } from './file-commands.js'
export {
  parseWorkflowCommand,
  RUNNER_COMMANDS,
  type WorkflowCommand
} from './workflow-commands.js'
export { SecretMasker } from './secret-masker.js'
export type * from './types.js'
