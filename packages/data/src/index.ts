// Staging data close to production's, masked: the refresh-data action and
// `rehearse refresh` call refreshData; the gate calls findDataReceipt and
// checkDataReceipt.
export { refreshData } from './refresh/refresh-data.js'
export type { RefreshOutcome, RefreshRequest } from './refresh/refresh-data.js'
export type { RefreshLock } from './refresh/environment-lock.js'
export { readDataConfig } from './config/read-data-config.js'
export type {
  ColumnRule,
  DataConfig,
  DataGatePolicy,
  FakeKind,
  SubsetRule,
  TableConfig
} from './config/data-config.js'
export { checkDataReceipt } from './receipt/check-data-receipt.js'
export type {
  CheckDataReceiptInput,
  DataGateFinding,
  DataGateReason
} from './receipt/check-data-receipt.js'
export { DATA_STAGE, findDataReceipt } from './receipt/find-data-receipt.js'
export { readDataReceipt } from './receipt/data-receipt.js'
export type { DataReceipt, ReceiptTable } from './receipt/data-receipt.js'
export { renderDataSummary } from './report/render-summary.js'
