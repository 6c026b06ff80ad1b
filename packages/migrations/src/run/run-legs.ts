import { describeDiff, diffCatalogs } from '../catalog/diff-catalogs.js'
import { readCatalog } from '../catalog/read-catalog.js'
import type { Catalog } from '../catalog/read-catalog.js'
import type { MigrationFile } from '../files/read-migrations.js'
import { applyDown, applyUp } from './apply-migration.js'
import { MigrationCancelled, MigrationFailure } from './migration-failure.js'
import type { RunContext, StepTiming } from './run-context.js'
import type { Leg, RunFailure } from './types.js'

interface LegsResult {
  readonly applied: readonly StepTiming[]
  readonly remaining: number
  readonly legs: readonly Leg[]
  readonly failure: RunFailure | undefined
}

/**
 * Applies the pending migrations; with `rehearse`, then reverts them with
 * their down files, checks that the schema is back to `before`, and
 * applies them again — timing every leg. Stops at the first failure.
 */
export async function runLegs(
  ctx: RunContext,
  pending: readonly MigrationFile[],
  rehearse: boolean,
  before: Catalog
): Promise<LegsResult> {
  const up = await runLeg(ctx, 'up', pending)
  if (up.failure || !rehearse) {
    return {
      applied: up.leg.steps,
      remaining: pending.length - up.leg.steps.length,
      legs: [up.leg],
      failure: up.failure
    }
  }
  const down = await runLeg(ctx, 'down', [...pending].reverse())
  const legs = [up.leg, down.leg]
  if (down.failure) {
    return {
      applied: [],
      remaining: down.leg.steps.length,
      legs,
      failure: down.failure
    }
  }
  const reverted = await readCatalog(ctx.db, ctx.config.historyTable)
  const leftovers = describeDiff(
    diffCatalogs(before, reverted),
    reverted.tables
  )
  if (leftovers.length > 0) {
    return {
      applied: [],
      remaining: pending.length,
      legs,
      failure: {
        kind: 'rehearsal',
        message: `the down migrations did not restore the schema: after them, ${leftovers.join('; ')}. Fix the down files so they undo exactly what the up files do.`,
        leftovers
      }
    }
  }
  const again = await runLeg(ctx, 'up again', pending)
  return {
    applied: again.leg.steps,
    remaining: pending.length - again.leg.steps.length,
    legs: [...legs, again.leg],
    failure: again.failure
  }
}

async function runLeg(
  ctx: RunContext,
  name: Leg['name'],
  migrations: readonly MigrationFile[]
): Promise<{ leg: Leg; failure: RunFailure | undefined }> {
  const steps: StepTiming[] = []
  const started = performance.now()
  const apply = name === 'down' ? applyDown : applyUp
  let failure: RunFailure | undefined
  try {
    for (const migration of migrations) steps.push(await apply(ctx, migration))
  } catch (error) {
    failure = toFailure(error)
  }
  return {
    leg: { name, steps, durationMs: performance.now() - started },
    failure
  }
}

/** A failure of a migration or a cancellation; anything else is a bug. */
export function toFailure(error: unknown): RunFailure {
  if (error instanceof MigrationFailure) {
    if (error.detail.cancelled)
      return {
        kind: 'cancelled',
        message: `cancelled while running ${error.detail.where}`
      }
    return {
      kind: 'migration',
      version: error.migration.version,
      direction: error.direction,
      detail: error.detail
    }
  }
  if (error instanceof MigrationCancelled)
    return { kind: 'cancelled', message: error.message }
  throw error
}
