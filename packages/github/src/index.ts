export { createOctokit, GitHubOctokit, signalOf } from './create-octokit.js'
export type { CreateOctokitOptions, GitHubLogger } from './create-octokit.js'
export { createGitHubLedger } from './github-ledger.js'
export type { GitHubLedgerOptions } from './github-ledger.js'
export { createGitHubSourceControl } from './source-control.js'
export type { GitHubSourceControlOptions } from './source-control.js'
export { runLogUrl } from './run-log-url.js'
export { parseStageContext, stageContext } from './commit-statuses.js'
export { parsePayload } from './deployment-record.js'
export {
  callGitHub,
  explainGitHubError,
  explainUnexpected,
  httpFailure,
  isTransient
} from './github-errors.js'
export type { GitHubCall, HttpFailure } from './github-errors.js'
export { createGitHubLocks } from './git-locks.js'
export type { GitHubLocksOptions } from './git-locks.js'
export { lockBranch } from './lock-record.js'
export { DEFAULT_PACING } from './write-pacing.js'
export type { WritePacing } from './write-pacing.js'
export { DRIFT_LABEL, DRIFT_MARKER, syncDriftIssue } from './drift-issue.js'
export type {
  DriftIssueContent,
  DriftIssueOptions,
  DriftIssueResult
} from './drift-issue.js'
