export type * from './types.js'
export { checkDrift, driftPairs } from './check-drift.js'
export type { DriftDeps } from './check-drift.js'
export { loadWholePlan } from './load-whole-plan.js'
export { runFacts } from './run-facts.js'
export type { FactDeps } from './run-facts.js'
export {
  describeDrift,
  describeDriftRow,
  renderDriftMarkdown,
  renderFactsMarkdown
} from './render-drift.js'
