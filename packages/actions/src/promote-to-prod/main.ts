import * as core from '@actions/core'
import { renderFactsMarkdown, runFacts } from '@rehearse/engine'
import type { PipelineDeps, Plan } from '@rehearse/engine'
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
    warnEmbedded: true,
    dryRun: false,
    rehearseRollback: 'auto'
  })
  const smoke = createSmokeStage({ url: inputs.url || undefined })
  const { outcome, plan, deps, workspace } = await runPipelineAction(
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
  const facts = await readFacts(plan, inputs.from, outcome.environment, {
    workspace,
    deps
  })
  await writeRunSummary(plan, outcome, deps.ledger, facts)
  return failureOf(outcome, `promotion to ${inputs.environment}`)
}

// The plan's facts of both environments, read after the run (they do not
// decide anything: drift does), for the summary; a fact that cannot be
// read is shown as such, and a failure to read them fails nothing.
async function readFacts(
  plan: Plan,
  from: string,
  to: string,
  where: { workspace: string; deps: PipelineDeps }
): Promise<string> {
  if (plan.facts.length === 0) return ''
  try {
    const readings = await runFacts(
      plan,
      [from, to],
      where.workspace,
      where.deps
    )
    return renderFactsMarkdown(plan, readings, from, to)
  } catch (error) {
    core.warning(`could not read the plan's facts: ${(error as Error).message}`)
    return ''
  }
}
