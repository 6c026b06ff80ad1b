import * as core from '@actions/core'
import { ConfigurationError } from '@rehearse/core'
import { deployEnvironment, loadPlan, renderRunSummary } from '@rehearse/engine'
import { createActionContext } from '../action-deps.js'
import { contracts } from '../contract.js'
import {
  cleanUpDeployment,
  forgetDeployment,
  rememberDeployment
} from '../deployment-state.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { writePipelineSummary } from '../summary.js'

/** Entry of the `deploy-to-staging` action (main and post). */
export async function run(): Promise<void> {
  await runAction('deploy-to-staging', {
    main,
    post: cleanUpDeployment
  })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['deploy-to-staging'])
  const { workspace, deps } = createActionContext(inputs.token)
  const plan = loadPlan({
    workspace,
    file: inputs.config,
    script: inputs.script || undefined,
    url: inputs.url || undefined,
    environment: inputs.environment
  })
  if (plan.environments[inputs.environment]?.production) {
    throw new ConfigurationError(
      `"${inputs.environment}" is a production environment: deploy-to-staging only deploys rehearsals. Promote with promote-to-prod, which checks the gate first.`,
      { reason: 'production_environment' }
    )
  }
  const sha = inputs.sha || process.env.GITHUB_SHA || ''
  rememberDeployment(inputs.environment, sha)
  const outcome = await deployEnvironment(
    {
      plan,
      environment: inputs.environment,
      workspace,
      sha,
      ref: process.env.GITHUB_REF_NAME || sha,
      noop: inputs.noop
    },
    deps
  )
  forgetDeployment()
  core.setOutput('deployment-id', outcome.deployment?.id ?? '')
  core.setOutput('environment-url', outcome.environmentUrl ?? '')
  core.setOutput('fingerprint', outcome.fingerprint.value)
  core.setOutput('sha', sha)
  await writePipelineSummary(plan, sha, deps.ledger, [
    renderRunSummary(outcome)
  ])
  if (outcome.status === 'failure' || outcome.status === 'cancelled') {
    return `deploy to ${inputs.environment} ${outcome.status === 'cancelled' ? 'was cancelled' : 'failed'}; see the step log above`
  }
}
