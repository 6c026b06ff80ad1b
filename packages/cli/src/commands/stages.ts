import type { PipelineDeps, Plan } from '@rehearse/engine'
import { runMigrationStage } from '@rehearse/migrations'
import { runSmokeStage } from '@rehearse/smoke'
import type { CliIo } from './cli-io.js'

/** What one environment run needs besides the plan's steps. */
export interface StageRequest {
  readonly plan: Plan
  readonly environment: string
  readonly workspace: string
  readonly sha: string
}

/**
 * The plan's migrations, on the environment's database: its URL variable
 * if set, else the embedded PGlite database of that environment (also in
 * production: locally there is no other). True when they are applied.
 */
export async function migrateEnvironment(
  request: StageRequest,
  deps: PipelineDeps,
  io: CliIo
): Promise<boolean> {
  if (!request.plan.migrations) return true
  io.stdout(`\nMigrating ${request.environment}\n`)
  const outcome = await runMigrationStage(
    {
      ...request,
      dryRun: false,
      rehearseRollback: 'auto',
      embeddedInProduction: true
    },
    deps
  )
  const ok = outcome.status === 'success' || outcome.status === 'skipped'
  io.stdout(
    `${ok ? '✓' : '✗'} migrations in ${request.environment}: ${outcome.description}\n`
  )
  return ok
}

/** The plan's smoke checks against the environment's URL. True when green. */
export async function smokeTestEnvironment(
  request: StageRequest,
  deps: PipelineDeps,
  io: CliIo
): Promise<boolean> {
  const checks = (request.plan.smoke?.checks as unknown[] | undefined) ?? []
  if (checks.length === 0) return true
  io.stdout(`\nSmoke-testing ${request.environment}\n`)
  const outcome = await runSmokeStage(
    { ...request, baseline: 'previous' },
    deps
  )
  const ok = outcome.status === 'success'
  io.stdout(
    `${ok ? '✓' : '✗'} smoke in ${request.environment}: ${outcome.description}\n`
  )
  for (const check of outcome.checks) {
    if (check.status === 'passed') continue
    io.stdout(
      `  ✗ ${check.name}: ${check.problems.join('; ') || check.status}\n`
    )
  }
  return ok
}
