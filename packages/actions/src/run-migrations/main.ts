import * as core from '@actions/core'
import { ConfigurationError } from '@rehearse/core'
import { createMigrationStage } from '@rehearse/migrations'
import type { RehearseRollback } from '@rehearse/migrations'
import {
  failureOf,
  postPipelineAction,
  runPipelineAction
} from '../action-pipeline.js'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { writeRunSummary } from '../summary.js'

/** Entry of the `run-migrations` action (main and post). */
export async function run(): Promise<void> {
  // The database needs no cleanup in post: a PostgreSQL migration rolled
  // back with its connection, a MySQL one is recorded running and refused
  // until resolved, and the migration lock went with the connection.
  await runAction('run-migrations', { main, post: postPipelineAction })
}

// The migrations stage alone, after the same preflight as the whole plan:
// in production that is the full gate.
async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['run-migrations'])
  const rehearseRollback = parseRehearse(inputs['rehearse-rollback'])
  if (inputs['database-url']) core.setSecret(inputs['database-url'])
  const migrations = createMigrationStage({
    databaseUrl: inputs['database-url'] || undefined,
    warnEmbedded: true,
    dryRun: inputs['dry-run'],
    rehearseRollback
  })
  const { outcome, plan, deps } = await runPipelineAction(
    'run-migrations',
    inputs,
    { stages: () => ({ migrations: migrations.port }) }
  )
  const result = migrations.outcome()
  core.setOutput('applied', result?.applied ?? '')
  core.setOutput('pending', result?.pending ?? '')
  core.setOutput('duration-ms', result?.durationMs ?? 0)
  core.setOutput('reason', outcome.reason ?? '')
  await writeRunSummary(plan, outcome, deps.ledger)
  if (!migrations.port.defines(plan))
    core.info(`${plan.file} defines no migrations: nothing to do`)
  return failureOf(outcome, `migrations in ${inputs.environment}`)
}

function parseRehearse(value: string): RehearseRollback {
  if (value === 'auto' || value === 'true' || value === 'false') return value
  throw new ConfigurationError(
    `input "rehearse-rollback" must be auto, true or false, got ${JSON.stringify(value)}`,
    { reason: 'invalid_input' }
  )
}
