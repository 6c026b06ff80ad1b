export type * from './types.js'
export { computeFingerprint } from './compute-fingerprint.js'
export type { FingerprintExtra } from './compute-fingerprint.js'
export {
  FINGERPRINT_PARTS,
  diffFingerprints,
  explainFingerprintDifference
} from './diff-fingerprints.js'
export type { FingerprintLike } from './diff-fingerprints.js'
export { buildDeploymentPayload } from './deployment-payload.js'
export { environmentOf } from './environment-of.js'
