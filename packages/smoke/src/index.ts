export {
  createSmokeStage,
  definesSmoke,
  runSmoke
} from './stage/smoke-stage.js'
export type { SmokeStage, SmokeStageOptions } from './stage/smoke-stage.js'
export { prepareSmoke } from './stage/prepare.js'
export type { Prepared as PreparedSmoke } from './stage/prepare.js'
export type { SmokeDeps, SmokeOutcome, SmokeRequest } from './stage/types.js'
export { writeSmokeReport } from './report/write-report.js'
export { renderSmokeSummary } from './report/render-summary.js'
export type {
  ReportCheck,
  SmokeReport,
  SmokeResult
} from './report/report-data.js'
export { refuseDisabledTls } from './stage/prepare.js'
export { compileSmokeConfig } from './config/compile-config.js'
export type * from './types.js'
