import * as core from '@actions/core'
import { ConfigurationError } from '@rehearse/core'
import { createMigrationStage } from '@rehearse/migrations'
import { createSmokeStage } from '@rehearse/smoke'
import {
  failureOf,
  postPipelineAction,
  runPipelineAction
} from '../action-pipeline.js'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runScaleMode } from './scale-mode.js'
import { runDriftMode } from './drift-mode.js'
import { pullRequestNumber } from './event-pull-request.js'
import { runTeardownIdleMode, runTeardownMode } from './teardown-mode.js'
import { runAction } from '../run-action.js'
import { writeRunSummary } from '../summary.js'
import {
  confirmPullHead,
  parsePrNumber,
  readPullHead
} from './confirm-pull-head.js'

/** Entry of the `deploy-to-staging` action (main and post). */
export async function run(): Promise<void> {
  await runAction('deploy-to-staging', { main, post: postPipelineAction })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['deploy-to-staging'])
  const mode = parseMode(inputs.mode)
  if (mode === 'scale-down' || mode === 'scale-up')
    return runScaleMode(mode === 'scale-down' ? 'down' : 'up', inputs)
  if (mode === 'teardown') return runTeardownMode(inputs)
  if (mode === 'teardown-idle') return runTeardownIdleMode(inputs)
  if (mode === 'drift') return runDriftMode(inputs)
  const prNumber = parsePrNumber(inputs['pr-number'])
  if (inputs['database-url']) core.setSecret(inputs['database-url'])
  const migrations = createMigrationStage({
    databaseUrl: inputs['database-url'] || undefined,
    warnEmbedded: true,
    dryRun: false,
    rehearseRollback: 'auto'
  })
  const smoke = createSmokeStage({ url: inputs.url || undefined })
  const { outcome, plan, deps, environment } = await runPipelineAction(
    'deploy-to-staging',
    inputs,
    {
      check: plan => {
        if (plan.environments[inputs.environment]?.production)
          throw new ConfigurationError(
            `"${inputs.environment}" is a production environment: deploy-to-staging only deploys rehearsals. Promote with promote-to-prod, which checks the gate first.`,
            { reason: 'production_environment' }
          )
      },
      pr: pullRequestNumber(inputs['pr-number']),
      stages: () => ({
        migrations: migrations.port,
        deploy: true,
        smoke: smoke.port
      }),
      request: async context => {
        if (prNumber === undefined) return { noop: inputs.noop }
        // The branch is data for REHEARSE_REF only (an env value), never a
        // shell's text; the head is re-checked before anything is written.
        const pull = await readPullHead(context, prNumber)
        return {
          noop: inputs.noop,
          ref: pull.ref,
          confirmTarget: () => confirmPullHead(context, prNumber, inputs.sha)
        }
      }
    }
  )
  core.setOutput('deployment-id', outcome.deploy?.deployment?.id ?? '')
  const live = outcome.status === 'success' || outcome.status === 'noop'
  const url = plan.environments[environment]?.url ?? ''
  core.setOutput('environment-url', live ? url : '')
  core.setOutput('fingerprint', outcome.fingerprint.value)
  core.setOutput('sha', outcome.sha)
  core.setOutput('reason', outcome.reason ?? '')
  await writeRunSummary(plan, outcome, deps.ledger)
  return failureOf(outcome, `deploy to ${environment}`)
}

const MODES = [
  'deploy',
  'scale-down',
  'scale-up',
  'teardown',
  'teardown-idle',
  'drift'
] as const
type Mode = (typeof MODES)[number]

function parseMode(text: string): Mode {
  const mode = MODES.find(known => known === text)
  if (mode) return mode
  throw new ConfigurationError(
    `input "mode" must be one of ${MODES.join(', ')}, got ${JSON.stringify(text)}`,
    { reason: 'invalid_input' }
  )
}
