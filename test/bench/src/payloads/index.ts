export {
  issueCommentCreated,
  type AuthorAssociation,
  type IssueCommentOptions,
  type IssueCommentPayload
} from './issue-comment.js'
export { pushEvent, type PushOptions, type PushPayload } from './push.js'
export {
  workflowDispatch,
  type WorkflowDispatchOptions,
  type WorkflowDispatchPayload
} from './workflow-dispatch.js'
export {
  pullRequestEvent,
  type PullRequestOptions,
  type PullRequestPayload
} from './pull-request.js'
export { assertValidPayload, schemaName, validatePayload } from './validate.js'
export {
  DEFAULT_REPO,
  resolveRepo,
  type RepoOption,
  type RepoTarget
} from './retarget.js'
export { example, loadExamples, type JsonObject } from './sources.js'
