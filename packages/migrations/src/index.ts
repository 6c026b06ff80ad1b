export { createMigrationStage } from './stage/migration-stage.js'
export type { MigrationStage } from './stage/migration-stage.js'
export type {
  MigrationOutcome,
  MigrationStageOptions,
  MigrationStageRequest
} from './stage/types.js'
export type { RehearseRollback } from './run/decide-rehearsal.js'
export type { CheckResult, Leg, RunFailure, ToolResult } from './run/types.js'
export type { StepTiming } from './run/run-context.js'
export {
  readMigrationConfig,
  LINT_DEFAULTS
} from './config/migration-config.js'
export type {
  IntegrityCheck,
  LintLevel,
  LintRule,
  MigrationConfig
} from './config/migration-config.js'
export {
  classifyFileName,
  compareVersions,
  normalizeVersion
} from './files/file-names.js'
export { readMigrationFiles } from './files/read-migrations.js'
export type { MigrationFile } from './files/read-migrations.js'
export { lintMigrations } from './lint/lint-migrations.js'
export type { LintFinding } from './lint/lint-migrations.js'
export { splitStatements } from './sql/split-statements.js'
export type { SqlDialect, SqlStatement } from './sql/split-statements.js'
export { renderMigrationSummary } from './report/render-summary.js'
