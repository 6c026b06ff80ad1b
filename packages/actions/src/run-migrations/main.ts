import * as core from '@actions/core'
import { ConfigurationError, isConfigurationError } from '@rehearse/core'
import { assertCheckedOut, loadPlan } from '@rehearse/engine'
import { runMigrationStage } from '@rehearse/migrations'
import type { RehearseRollback } from '@rehearse/migrations'
import { createActionContext } from '../action-deps.js'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { writePipelineSummary } from '../summary.js'
import {
  closePendingStage,
  forgetStage,
  rememberStage
} from '../stage-state.js'

/** Entry of the `run-migrations` action (main and post). */
export async function run(): Promise<void> {
  await runAction('run-migrations', {
    main,
    // The database needs no cleanup: a PostgreSQL migration rolled back with
    // its connection, a MySQL one is recorded running and refused until
    // resolved, and the lock went with the connection.
    post: () => closePendingStage('migrations', 'the migrations')
  })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['run-migrations'])
  const rehearseRollback = parseRehearse(inputs['rehearse-rollback'])
  if (inputs['database-url']) core.setSecret(inputs['database-url'])
  const { workspace, deps } = createActionContext(inputs.token)
  const plan = loadPlan({
    workspace,
    file: inputs.config,
    environment: inputs.environment
  })
  const sha = inputs.sha || process.env.GITHUB_SHA || ''
  // The files applied must be the commit the status and report name.
  await assertCheckedOut(deps, sha)
  if (!inputs['dry-run']) rememberStage('migrations', inputs.environment, sha)
  const outcome = await runMigrationStage(
    {
      plan,
      environment: inputs.environment,
      workspace,
      sha,
      databaseUrl: inputs['database-url'] || undefined,
      dryRun: inputs['dry-run'],
      rehearseRollback
    },
    deps
  ).catch(async (error: unknown) => {
    if (isConfigurationError(error)) {
      forgetStage('migrations')
      await writePipelineSummary(plan, sha, deps.ledger, [
        `### Migrations · ${inputs.environment}\n\n❌ Refused: ${error.message}`
      ]).catch(() => undefined)
    }
    throw error
  })
  forgetStage('migrations')
  core.setOutput('applied', outcome.applied ?? '')
  core.setOutput('pending', outcome.pending ?? '')
  core.setOutput('duration-ms', outcome.durationMs)
  core.setOutput('reason', outcome.reason ?? '')
  await writePipelineSummary(plan, sha, deps.ledger, [outcome.summary])
  if (outcome.status === 'failure' || outcome.status === 'cancelled') {
    return `migrations in ${inputs.environment} ${outcome.status === 'cancelled' ? 'were cancelled' : 'failed'}: ${outcome.description}`
  }
}

function parseRehearse(value: string): RehearseRollback {
  if (value === 'auto' || value === 'true' || value === 'false') return value
  throw new ConfigurationError(
    `input "rehearse-rollback" must be auto, true or false, got ${JSON.stringify(value)}`
  )
}
