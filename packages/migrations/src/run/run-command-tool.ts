import { ConfigurationError } from '@rehearse/core'
import type { ProcessRunner, Reporter } from '@rehearse/engine'
import { readCatalog } from '../catalog/read-catalog.js'
import type { Catalog } from '../catalog/read-catalog.js'
import type { MigrationConfig } from '../config/migration-config.js'
import type { Database } from '../db/types.js'
import type { RehearseRollback } from './decide-rehearsal.js'
import { runIntegrityChecks } from './integrity-checks.js'
import { changesBetween, checksFailure } from './results.js'
import { runCommandLeg, statusOf } from './command-process.js'
import { takeLock } from './take-lock.js'
import type { Leg, RunFailure, ToolResult } from './types.js'

export interface CommandToolInput {
  readonly config: MigrationConfig
  /** The database, when a URL is known: lock, catalog and checks need it. */
  readonly db: Database | undefined
  readonly databaseLabel: string
  readonly workspace: string
  /** Variables the commands get (the database URL among them). */
  readonly env: Readonly<Record<string, string>>
  readonly dryRun: boolean
  readonly rehearseRollback: RehearseRollback
  readonly production: boolean
  readonly runner: ProcessRunner
  readonly reporter: Reporter
  readonly signal: AbortSignal | undefined
}

/**
 * tool: command — the team's own migration tool, with Rehearse's lock,
 * timing, catalog diff, rollback rehearsal and checks around it. The
 * tool keeps its own history; Rehearse cannot count its migrations.
 */
export async function runCommandTool(
  input: CommandToolInput
): Promise<ToolResult> {
  const { db, config } = input
  if (db)
    await takeLock({
      db,
      config,
      reporter: input.reporter,
      signal: input.signal
    })
  try {
    const before = db ? await readCatalog(db, config.historyTable) : undefined
    const notes: string[] = []
    if (config.status) notes.push(await statusOf(input, 'before'))
    const base = {
      database: input.databaseLabel,
      set: [],
      pending: [],
      applied: [],
      remaining: 0,
      findings: [],
      checks: [],
      changes: []
    }
    if (input.dryRun) {
      notes.push(
        'tool: command has no preview: the dry run ran only the status command.'
      )
      return {
        ...base,
        legs: [],
        rehearsal: { ran: false, note: 'not in a dry run' },
        notes,
        failure: undefined
      }
    }
    const result = await upDownUp(input, before)
    const after = db ? await readCatalog(db, config.historyTable) : undefined
    const checks =
      db && !result.failure
        ? await runIntegrityChecks(db, config.checks, false)
        : []
    if (config.status) notes.push(await statusOf(input, 'after'))
    return {
      ...base,
      legs: result.legs,
      rehearsal: result.rehearsal,
      changes: before && after ? changesBetween(before, after) : [],
      checks,
      notes,
      failure: result.failure ?? checksFailure(checks)
    }
  } finally {
    await db?.unlock().catch(() => undefined)
  }
}

async function upDownUp(
  input: CommandToolInput,
  before: Catalog | undefined
): Promise<{
  legs: Leg[]
  rehearsal: ToolResult['rehearsal']
  failure: RunFailure | undefined
}> {
  const up = await runCommandLeg(input, 'up', input.config.up ?? '')
  const legs = [up.leg]
  if (up.failure)
    return {
      legs,
      rehearsal: { ran: false, note: 'up failed' },
      failure: up.failure
    }
  const afterUp =
    input.db && (await readCatalog(input.db, input.config.historyTable))
  const rehearsal = decideCommandRehearsal(input, before, afterUp)
  if (!rehearsal.ran || !input.db || !before)
    return { legs, rehearsal, failure: undefined }
  const down = await runCommandLeg(input, 'down', input.config.down ?? '')
  legs.push(down.leg)
  if (down.failure) return { legs, rehearsal, failure: down.failure }
  const leftovers = changesBetween(
    before,
    await readCatalog(input.db, input.config.historyTable)
  )
  if (leftovers.length > 0) {
    return {
      legs,
      rehearsal,
      failure: {
        kind: 'rehearsal',
        message: `the down command did not restore the schema: after it, ${leftovers.join('; ')}. It must revert everything the up command applied.`,
        leftovers
      }
    }
  }
  const again = await runCommandLeg(input, 'up again', input.config.up ?? '')
  legs.push(again.leg)
  return { legs, rehearsal, failure: again.failure }
}

function decideCommandRehearsal(
  input: CommandToolInput,
  before: Catalog | undefined,
  afterUp: Catalog | undefined
): ToolResult['rehearsal'] {
  const mode = input.rehearseRollback
  const refuse = (why: string): never => {
    throw new ConfigurationError(`rehearse-rollback is true but ${why}.`, {
      reason: 'rehearsal_not_possible'
    })
  }
  if (mode === 'false')
    return { ran: false, note: 'off (rehearse-rollback: false)' }
  if (input.production) {
    if (mode === 'true') refuse('this is a production environment')
    return { ran: false, note: 'not in production' }
  }
  if (!input.config.down) {
    if (mode === 'true') refuse('the plan has no migrations.down command')
    return { ran: false, note: 'no down command' }
  }
  if (!before || !afterUp) {
    if (mode === 'true')
      refuse('no database URL is known, so schemas cannot be compared')
    return { ran: false, note: 'no database URL to compare schemas' }
  }
  if (changesBetween(before, afterUp).length === 0) {
    // Down would revert an older, already released migration.
    return { ran: false, note: 'up changed no schema, so down was not run' }
  }
  return { ran: true, note: 'up → down → up with the commands' }
}
