export type * from './types.js'
export { checkBoundary } from './check-boundary.js'
export { productionHosts, hostsIn } from './production-hosts.js'
export { mentionedIdentities } from './mentions.js'
export { hostIdentity } from './hosts.js'
export { entryIdentities } from './urls.js'
export {
  assertWithinBoundary,
  describeBoundaryViolations
} from './describe-boundary.js'
