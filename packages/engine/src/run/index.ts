// The step runner's public surface, for the engine's own modules.
export { createConsoleReporter } from './console-reporter.js'
export { createProcessRunner } from './process-runner.js'
export type { ProcessRunnerOptions } from './process-runner.js'
export { runPlanSteps } from './run-plan-steps.js'
export type { RunPlanStepsDeps } from './run-plan-steps.js'
export {
  REHEARSE_VARIABLES,
  resolveArtifact,
  stepVariables
} from './step-variables.js'
export type * from './types.js'
