import type { Plan } from '@rehearse/engine'

export type LintRule =
  | 'index-not-concurrent'
  | 'concurrently-in-transaction'
  | 'not-null-without-default'
  | 'drop-column'
  | 'drop-table'
  | 'rename'

export type LintLevel = 'error' | 'warning' | 'off'

export type DownNaming = 'auto' | 'undo-prefix' | 'down-suffix'

export interface IntegrityCheck {
  readonly name: string
  readonly sql: string
}

/** The plan's `migrations:` section with every default applied. */
export interface MigrationConfig {
  readonly tool: 'sql' | 'command'
  /** Directory of the migration files, relative to the workspace. */
  readonly dir: string | undefined
  readonly up: string | undefined
  readonly down: string | undefined
  readonly status: string | undefined
  /** Variable holding the database URL; `explicit` when the plan named it. */
  readonly databaseUrlEnv: { readonly name: string; readonly explicit: boolean }
  readonly historyTable: string
  readonly downNaming: DownNaming
  readonly lockTimeoutMs: number
  readonly lockRetries: number
  /** 0: no statement timeout. */
  readonly statementTimeoutMs: number
  /** How long to wait for another run holding the migration lock. */
  readonly waitMs: number
  readonly lint: Readonly<Record<LintRule, LintLevel>>
  readonly checks: readonly IntegrityCheck[]
}

export const LINT_DEFAULTS: Readonly<Record<LintRule, LintLevel>> = {
  'index-not-concurrent': 'warning',
  'concurrently-in-transaction': 'error',
  'not-null-without-default': 'warning',
  'drop-column': 'warning',
  'drop-table': 'warning',
  rename: 'warning'
}

const seconds = (value: unknown, fallback: number): number =>
  Math.round((typeof value === 'number' ? value : fallback) * 1000)

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined

/**
 * Reads the validated `migrations:` section (the JSON Schema already checked
 * its shape), or undefined when the plan has none.
 */
export function readMigrationConfig(plan: Plan): MigrationConfig | undefined {
  const raw = plan.migrations
  if (!raw) return undefined
  const urlEnv = text(raw['database-url-env'])
  const lint = (raw.lint ?? {}) as Partial<Record<LintRule, LintLevel>>
  return {
    tool: raw.tool === 'command' ? 'command' : 'sql',
    dir: text(raw.dir),
    up: text(raw.up),
    down: text(raw.down),
    status: text(raw.status),
    databaseUrlEnv: { name: urlEnv ?? 'DATABASE_URL', explicit: !!urlEnv },
    historyTable: text(raw['history-table']) ?? 'rehearse_migrations',
    downNaming: (text(raw['down-naming']) as DownNaming | undefined) ?? 'auto',
    lockTimeoutMs: seconds(raw['lock-timeout-seconds'], 5),
    lockRetries:
      typeof raw['lock-retries'] === 'number' ? raw['lock-retries'] : 2,
    statementTimeoutMs: seconds(raw['statement-timeout-seconds'], 600),
    waitMs: seconds(raw['wait-seconds'], 300),
    lint: { ...LINT_DEFAULTS, ...lint },
    checks: ((raw.checks ?? []) as IntegrityCheck[]).map(check => ({
      name: check.name,
      sql: check.sql
    }))
  }
}
