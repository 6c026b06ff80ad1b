import type {
  Plan,
  PlanEnvironment,
  PlanStep,
  StrategyType
} from '../plan-types.js'

const DEFAULT_TIMEOUT_MINUTES = 15

interface RawStep {
  name?: string
  run: string
  'timeout-minutes'?: number
  env?: Record<string, string>
}
interface RawEnvironment {
  url?: string
  env?: Record<string, string>
  requires?: string[]
  'soak-minutes'?: number
  production?: boolean
  transient?: boolean
  hosts?: string[]
}
/** A plan that passed the schema: shapes are known, defaults not applied. */
export interface RawPlan {
  version: 1
  artifact?: string
  deploy: RawStep[]
  rollback?: RawStep[]
  strategy?: { type: StrategyType } & Record<string, unknown>
  migrations?: Record<string, unknown>
  smoke?: Record<string, unknown>
  environments: Record<string, RawEnvironment>
  parity?: { 'allow-differences'?: string[] }
}

/** Applies the plan's defaults, so nothing downstream guesses them. */
export function normalizePlan(file: string, raw: RawPlan): Plan {
  return {
    file,
    version: 1,
    artifact: raw.artifact,
    deploy: raw.deploy.map(normalizeStep),
    rollback: (raw.rollback ?? []).map(normalizeStep),
    strategy: raw.strategy ?? { type: 'direct' },
    migrations: raw.migrations,
    smoke: raw.smoke,
    environments: Object.fromEntries(
      Object.entries(raw.environments).map(([name, env]) => [
        name,
        normalizeEnvironment(name, env ?? {})
      ])
    ),
    parity: { allowDifferences: raw.parity?.['allow-differences'] ?? [] }
  }
}

function normalizeStep(step: RawStep): PlanStep {
  const firstLine = step.run.trim().split('\n')[0] ?? step.run
  return {
    name:
      step.name ??
      (firstLine.length > 60 ? `${firstLine.slice(0, 57)}...` : firstLine),
    run: step.run,
    timeoutMinutes: step['timeout-minutes'] ?? DEFAULT_TIMEOUT_MINUTES,
    env: step.env ?? {}
  }
}

function normalizeEnvironment(
  name: string,
  env: RawEnvironment
): PlanEnvironment {
  return {
    name,
    url: env.url,
    env: env.env ?? {},
    requires: env.requires ?? [],
    soakMinutes: env['soak-minutes'] ?? 0,
    production: env.production ?? name === 'production',
    transient: env.transient ?? false,
    hosts: env.hosts ?? []
  }
}
