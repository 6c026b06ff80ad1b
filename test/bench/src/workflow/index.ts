export { openWorkflowRun, runWorkflow } from './workflow-run.js'
export type { WorkflowRun } from './workflow-run.js'
export type * from './types.js'
export { loadWorkflow } from './load-workflow.js'
export type {
  DispatchInput,
  Workflow,
  WorkflowJob,
  WorkflowStep
} from './load-workflow.js'
export { localActions } from './local-actions.js'
export {
  evaluateCondition,
  evaluateExpression,
  interpolate
} from './expression.js'
export type { ExpressionScope } from './expression.js'
