export type * from './types.js'
export { checkBoundary, productionHosts } from './check-boundary.js'
export {
  assertWithinBoundary,
  describeBoundaryViolations
} from './describe-boundary.js'
export { hostsIn } from './hosts.js'
