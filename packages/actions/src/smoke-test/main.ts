import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { createSmokeStage, writeSmokeReport } from '@rehearse/smoke'
import {
  failureOf,
  postPipelineAction,
  runPipelineAction
} from '../action-pipeline.js'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { writeRunSummary } from '../summary.js'

/** Entry of the `smoke-test` action (main and post). */
export async function run(): Promise<void> {
  await runAction('smoke-test', { main, post: postPipelineAction })
}

// The smoke stage alone, after the same preflight as the whole plan.
async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['smoke-test'])
  const smoke = createSmokeStage({
    url: inputs.url || undefined,
    baseline: inputs.baseline
  })
  const { outcome, plan, deps } = await runPipelineAction(
    'smoke-test',
    inputs,
    { stages: () => ({ smoke: smoke.port }) }
  )
  const result = smoke.outcome()
  const file = result
    ? writeSmokeReport(process.env.RUNNER_TEMP || tmpdir(), result.report)
    : ''
  core.setOutput('passed', String(result?.passed ?? 0))
  core.setOutput('failed', String(result?.failed ?? 0))
  core.setOutput('report', file)
  core.setOutput('reason', outcome.reason ?? '')
  await writeRunSummary(plan, outcome, deps.ledger)
  if (!smoke.port.defines(plan))
    core.info(`${plan.file} defines no smoke checks: nothing to do`)
  return failureOf(outcome, `smoke test of ${inputs.environment}`)
}
