export * from './errors.js'
export { REASONS, isReasonCode } from './reasons.js'
export type { ReasonCode } from './reasons.js'
export { renderReasonTable } from './reason-table.js'
