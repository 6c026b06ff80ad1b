export { parseCommand } from './parse-command.js'
export type { Command, CommandKind, ParsedComment } from './parse-command.js'
export { readCommentEvent } from './comment-event.js'
export type { CommentEvent, IgnoredEvent } from './comment-event.js'
export type { Refusal, RefusalReason } from './refusal.js'
export type { GitHubRepo } from './github-repo.js'
export { checkPermission } from './permission.js'
export {
  checkPull,
  pullPolicyFor,
  readPull,
  readPullHead,
  STRICT_POLICY
} from './pull-request.js'
export type { PullFacts, PullHead, PullPolicy } from './pull-request.js'
export { checkHeadAsSeen, UnreliableHeadRecords } from './head-as-seen.js'
export type {
  HeadAsSeenInput,
  HeadAsSeenVerdict,
  HeadRecord
} from './head-as-seen.js'
export { planEnvironmentNames } from './plan-environments.js'
export { checkCi, parseRequireChecks } from './ci-gate.js'
export type { CiResult, CiState, CiVerdict, RequireChecks } from './ci-gate.js'
export { IncompleteCiData, readCiResults } from './ci-results.js'
export { marker, react, upsertComment } from './comments.js'
export type { Reaction } from './comments.js'
export { code, fitComment, inert } from './inert.js'
export { byline, link, renderRefusal, renderResult } from './render-result.js'
export type {
  CommandHeader,
  DeployOutcome,
  ResultView
} from './render-result.js'
export {
  lockLine,
  renderHelp,
  renderLockReply,
  renderStatus
} from './render-replies.js'
export type {
  EnvironmentStatus,
  HelpView,
  LockOutcome
} from './render-replies.js'
