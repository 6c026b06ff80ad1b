export type * from './plan-types.js'
export type * from './ports.js'
export { listedOf } from './ports.js'
export type * from './run/types.js'
export type * from './fingerprint/types.js'
export type * from './gate/types.js'
export { loadPlan } from './plan/load-plan.js'
export type { LoadPlanOptions } from './plan/load-plan.js'
export { planSchema } from './plan/plan-schema.js'
export { scriptReferences } from './plan/script-paths.js'
export type * from './pipeline/types.js'
export { evaluateGate, definedStages } from './gate/evaluate-gate.js'
export type { GateInput } from './gate/evaluate-gate.js'
export type { LockFinding } from './gate/check-lock.js'
export { findRehearsal } from './gate/find-rehearsal.js'
export { runEnvironment } from './pipeline/run-environment.js'
export { scaleEnvironment } from './pipeline/scale.js'
export { findWayBack, WAY_BACK_HISTORY } from './pipeline/way-back.js'
export type { WayBack } from './pipeline/way-back.js'
export type { ScaleDirection, ScaleOutcome } from './pipeline/scale.js'
export { activeFreeze } from './gate/check-freeze.js'
export { everyStep } from './plan/every-step.js'
export {
  forPullRequest,
  instanceName,
  parseInstanceName
} from './plan/per-pr.js'
export { assertCheckedOut, requiredEnvironments } from './pipeline/preflight.js'
export { stagesOf } from './pipeline/outcomes.js'
export { STAGE_ORDER } from './pipeline/types.js'
export { postStage } from './pipeline/stage-lifecycle.js'
export { releaseLock } from './pipeline/take-lock.js'
export { renderRunSummary } from './report/render-run.js'
export { describeGateLines, renderGateSummary } from './report/render-gate.js'
export {
  orderEnvironments,
  renderPipelineDiagram
} from './report/render-pipeline.js'
export { createProcessRunner } from './run/process-runner.js'
export type { ProcessRunnerOptions } from './run/process-runner.js'
export {
  REHEARSE_VARIABLES,
  resolveArtifact,
  stepVariables
} from './run/step-variables.js'
export { runPlanSteps } from './run/run-plan-steps.js'
export type { RunPlanStepsDeps } from './run/run-plan-steps.js'
export { createConsoleReporter } from './run/console-reporter.js'
export { computeFingerprint } from './fingerprint/compute-fingerprint.js'
export type { FingerprintExtra } from './fingerprint/compute-fingerprint.js'
export {
  FINGERPRINT_PARTS,
  diffFingerprints,
  explainFingerprintDifference
} from './fingerprint/diff-fingerprints.js'
export type { FingerprintLike } from './fingerprint/diff-fingerprints.js'
export { buildDeploymentPayload } from './fingerprint/deployment-payload.js'
export type { ReleaseFacts } from './fingerprint/deployment-payload.js'
export type * from './parity/types.js'
export { compareEnvironments } from './parity/compare-environments.js'
export type { CompareEnvironmentsOptions } from './parity/compare-environments.js'
export { renderParityMarkdown } from './parity/render-parity.js'
export { escapeMarkdownCell } from './parity/escape-markdown.js'
export { MASK, SECRET_NAME } from './parity/secrets.js'
export type * from './drift/types.js'
export {
  checkDrift,
  describeDrift,
  describeDriftRow,
  loadWholePlan,
  renderDriftMarkdown,
  renderFactsMarkdown,
  runFacts
} from './drift/index.js'
export type { DriftDeps, FactDeps } from './drift/index.js'
export type * from './boundary/types.js'
export { checkBoundary } from './boundary/check-boundary.js'
export {
  assertWithinBoundary,
  describeBoundaryViolations
} from './boundary/describe-boundary.js'
export { formatDuration } from './run/format-duration.js'
export {
  migrationFileChecksum,
  migrationSetChecksum
} from './migrations/index.js'
export {
  decideAcquire,
  describeLock,
  effectiveLock,
  lockBlocks,
  lockIsActive,
  storedClaim
} from './pipeline/locks.js'
export type { AcquireDecision } from './pipeline/locks.js'
export { idleInstances, teardownEnvironment } from './pipeline/teardown.js'
export type { TeardownOutcome, TeardownRequest } from './pipeline/teardown.js'
