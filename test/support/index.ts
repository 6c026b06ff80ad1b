/** In-memory ports for fast engine-level tests (test code, never shipped). */
export { createMemoryLedger } from './memory-ledger.js'
export type { MemoryLedger } from './memory-ledger.js'
export type {
  LedgerSnapshot,
  MemoryCommitStatus,
  MemoryDeployment,
  MemoryDeploymentEvent
} from './memory-ledger-data.js'
export { createMemoryLocks } from './memory-locks.js'
export type { MemoryLocks } from './memory-locks.js'
export { heldLockRef, heldLockRefs } from './held-locks.js'
