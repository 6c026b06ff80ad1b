import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { loadPlan } from '@rehearse/engine'
import { runSmokeStage, writeSmokeReport } from '@rehearse/smoke'
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

/** Entry of the `smoke-test` action (main and post). */
export async function run(): Promise<void> {
  await runAction('smoke-test', {
    main,
    post: () => closePendingStage('smoke', 'the smoke test')
  })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['smoke-test'])
  const { workspace, deps } = createActionContext(inputs.token)
  const plan = loadPlan({
    workspace,
    file: inputs.config,
    url: inputs.url || undefined,
    environment: inputs.environment
  })
  const sha = inputs.sha || process.env.GITHUB_SHA || ''
  rememberStage('smoke', inputs.environment, sha)
  const outcome = await runSmokeStage(
    {
      plan,
      environment: inputs.environment,
      sha,
      workspace,
      url: inputs.url || undefined,
      baseline: inputs.baseline
    },
    deps
  )
  forgetStage('smoke')
  const file = writeSmokeReport(
    process.env.RUNNER_TEMP || tmpdir(),
    outcome.report
  )
  core.setOutput('passed', String(outcome.passed))
  core.setOutput('failed', String(outcome.failed))
  core.setOutput('report', file)
  await writePipelineSummary(plan, sha, deps.ledger, [outcome.summary])
  if (outcome.status !== 'success') {
    return `smoke test of ${inputs.environment} ${outcome.status === 'cancelled' ? 'was cancelled' : `failed: ${outcome.description}`}`
  }
}
