import * as core from '@actions/core'
import {
  definedStages,
  loadPlan,
  promoteEnvironment,
  renderGateSummary,
  renderParityMarkdown,
  renderRunSummary
} from '@rehearse/engine'
import { runSmokeStage, validateSmokeStage } from '@rehearse/smoke'
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

/** Entry of the `promote-to-prod` action (main and post). */
export async function run(): Promise<void> {
  await runAction('promote-to-prod', {
    main,
    post: cleanUpDeployment
  })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['promote-to-prod'])
  const { workspace, deps } = createActionContext(inputs.token)
  const plan = loadPlan({
    workspace,
    file: inputs.config,
    script: inputs.script || undefined,
    url: inputs.url || undefined,
    environment: inputs.environment,
    requires: [inputs.from]
  })
  const sha = inputs.sha || process.env.GITHUB_SHA || ''
  // Production's smoke test runs the rehearsal's checks: refuse before
  // deploying if they cannot run there (e.g. a secret is missing).
  const smokeRequest = definedStages(plan).includes('smoke')
    ? {
        plan,
        environment: inputs.environment,
        sha,
        workspace,
        baseline: 'previous'
      }
    : undefined
  if (smokeRequest) validateSmokeStage(smokeRequest, deps)
  rememberDeployment(inputs.environment, sha)
  const outcome = await promoteEnvironment(
    {
      plan,
      environment: inputs.environment,
      from: inputs.from,
      workspace,
      sha,
      ref: process.env.GITHUB_REF_NAME || sha,
      noop: false
    },
    deps
  )
  const deploy = outcome.deploy
  const smoke =
    smokeRequest && deploy?.status === 'success'
      ? await runSmokeStage(
          { ...smokeRequest, url: deploy.environmentUrl },
          deps
        )
      : undefined
  forgetDeployment()
  core.setOutput('deployment-id', deploy?.deployment?.id ?? '')
  core.setOutput('environment-url', deploy?.environmentUrl ?? '')
  core.setOutput('fingerprint', deploy?.fingerprint.value ?? '')
  core.setOutput('rolled-back', 'false')
  core.setOutput('reason', outcome.reason ?? '')
  await writePipelineSummary(plan, sha, deps.ledger, [
    renderGateSummary(outcome.gate, inputs.environment),
    '#### Environment parity',
    ...outcome.parity.map(renderParityMarkdown),
    ...(deploy ? [renderRunSummary(deploy)] : []),
    ...(smoke ? [smoke.summary] : [])
  ])
  if (!outcome.gate.ok) {
    const failed = outcome.gate.checks.find(c => !c.ok && !c.skipped)
    return `promotion refused (${outcome.reason ?? 'gate'}): ${failed?.message ?? ''}`
  }
  if (deploy && deploy.status !== 'success') {
    return `deploy to ${inputs.environment} ${deploy.status === 'cancelled' ? 'was cancelled' : 'failed'}; see the step log above`
  }
  if (smoke && smoke.status !== 'success') {
    return `deployed to ${inputs.environment}, but its smoke test ${smoke.status === 'cancelled' ? 'was cancelled' : `failed: ${smoke.description}`}`
  }
}
