import * as core from '@actions/core'
import { createMigrationStage } from '@rehearse/migrations'
import { createSmokeStage } from '@rehearse/smoke'
import {
  failureOf,
  postPipelineAction,
  runPipelineAction
} from '../action-pipeline.js'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { writeRunSummary } from '../summary.js'

/** Entry of the `promote-to-prod` action (main and post). */
export async function run(): Promise<void> {
  await runAction('promote-to-prod', { main, post: postPipelineAction })
}

// The gate, then the same pipeline as the rehearsal: production's schema,
// the deploy steps, the same smoke checks.
async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['promote-to-prod'])
  if (inputs['database-url']) core.setSecret(inputs['database-url'])
  const migrations = createMigrationStage({
    databaseUrl: inputs['database-url'] || undefined,
    dryRun: false,
    rehearseRollback: 'auto'
  })
  const smoke = createSmokeStage({ url: inputs.url || undefined })
  const { outcome, plan, deps } = await runPipelineAction(
    'promote-to-prod',
    inputs,
    {
      requires: [inputs.from],
      stages: () => ({
        migrations: migrations.port,
        deploy: true,
        smoke: smoke.port
      }),
      request: async () => ({ from: inputs.from })
    }
  )
  const deployed = outcome.deploy
  core.setOutput('deployment-id', deployed?.deployment?.id ?? '')
  core.setOutput(
    'environment-url',
    outcome.status === 'success' ? (deployed?.environmentUrl ?? '') : ''
  )
  core.setOutput('fingerprint', outcome.fingerprint.value)
  core.setOutput('rolled-back', String(outcome.rollback?.rolledBack ?? false))
  core.setOutput('reason', outcome.reason ?? '')
  await writeRunSummary(plan, outcome, deps.ledger)
  return failureOf(outcome, `promotion to ${inputs.environment}`)
}
