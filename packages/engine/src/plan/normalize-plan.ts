import type {
  Freeze,
  Plan,
  PlanEnvironment,
  PlanStep,
  SlotName,
  Strategy,
  StrategyType
} from '../plan-types.js'

const DEFAULT_TIMEOUT_MINUTES = 15
// A fact is a quick read (a version, a count), not a deploy.
const DEFAULT_FACT_MINUTES = 2

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
  slots?: Record<SlotName, { url: string }>
  'auto-rollback'?: boolean
  'rollback-max-seconds'?: number
  'per-pr'?: boolean
  'max-idle-days'?: number
}
interface RawFreeze {
  reason: string
  environments?: string[]
  from?: string
  until?: string
  cron?: string
  'duration-hours'?: number
}
interface RawStrategy {
  type: StrategyType
  switch?: RawStep[]
  steps?: number[]
  traffic?: RawStep[]
  'pause-seconds'?: number
  metric?: {
    run: string
    max?: number
    min?: number
    'timeout-minutes'?: number
  }
}
/** A plan that passed the schema: shapes are known, defaults not applied. */
export interface RawPlan {
  version: 1
  artifact?: string
  deploy: RawStep[]
  rollback?: RawStep[]
  'scale-down'?: RawStep[]
  'scale-up'?: RawStep[]
  teardown?: RawStep[]
  freeze?: RawFreeze[]
  facts?: Record<string, { run: string; 'timeout-minutes'?: number }>
  strategy?: RawStrategy
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
    scaleDown: (raw['scale-down'] ?? []).map(normalizeStep),
    scaleUp: (raw['scale-up'] ?? []).map(normalizeStep),
    teardown: (raw.teardown ?? []).map(normalizeStep),
    freezes: (raw.freeze ?? []).map(freeze => normalizeFreeze(freeze, raw)),
    facts: Object.entries(raw.facts ?? {}).map(([name, fact]) => ({
      name,
      run: fact.run,
      timeoutMinutes: fact['timeout-minutes'] ?? DEFAULT_FACT_MINUTES,
      env: {}
    })),
    strategy: normalizeStrategy(raw.strategy),
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
  const production = env.production ?? name === 'production'
  return {
    name,
    url: env.url,
    env: env.env ?? {},
    requires: env.requires ?? [],
    soakMinutes: env['soak-minutes'] ?? 0,
    production,
    hosts: env.hosts ?? [],
    slots: env.slots,
    autoRollback: env['auto-rollback'] ?? production,
    rollbackMaxSeconds: env['rollback-max-seconds'],
    perPr: env['per-pr'] ?? false,
    maxIdleDays: env['max-idle-days'],
    // Each pull request's deployments are its own: never auto-inactivated.
    transient: env.transient ?? env['per-pr'] ?? false
  }
}

const DEFAULT_PAUSE_SECONDS = 60
const DEFAULT_METRIC_MINUTES = 5

function normalizeStrategy(raw: RawStrategy | undefined): Strategy {
  switch (raw?.type ?? 'direct') {
    case 'blue-green':
      return {
        type: 'blue-green',
        switch: (raw?.switch ?? []).map(normalizeStep)
      }
    case 'canary': {
      const metric = raw?.metric
      return {
        type: 'canary',
        steps: raw?.steps ?? [],
        traffic: (raw?.traffic ?? []).map(normalizeStep),
        pauseSeconds: raw?.['pause-seconds'] ?? DEFAULT_PAUSE_SECONDS,
        metric: metric && {
          run: metric.run,
          max: metric.max,
          min: metric.min,
          timeoutMinutes: metric['timeout-minutes'] ?? DEFAULT_METRIC_MINUTES
        }
      }
    }
    default:
      return { type: 'direct' }
  }
}

// A freeze without environments guards the production ones.
function normalizeFreeze(freeze: RawFreeze, raw: RawPlan): Freeze {
  const productions = Object.entries(raw.environments)
    .filter(([name, env]) => env?.production ?? name === 'production')
    .map(([name]) => name)
  return {
    reason: freeze.reason,
    environments: freeze.environments ?? productions,
    window:
      freeze.cron !== undefined
        ? { cron: freeze.cron, durationHours: freeze['duration-hours'] ?? 0 }
        : { from: freeze.from ?? '', until: freeze.until ?? '' }
  }
}
