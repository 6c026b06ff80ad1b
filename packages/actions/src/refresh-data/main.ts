import { existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join, normalize } from 'node:path'
import * as core from '@actions/core'
import { ConfigurationError, isConfigurationError } from '@rehearse/core'
import { refreshData } from '@rehearse/data'
import type { DataReceipt } from '@rehearse/data'
import { loadPlan } from '@rehearse/engine'
import { createActionContext } from '../action-deps.js'
import { postPipelineAction } from '../action-pipeline.js'
import { contracts } from '../contract.js'
import { readInputs } from '../read-inputs.js'
import { runAction } from '../run-action.js'
import { rememberLock, rememberRun } from '../run-state.js'
import { writeRefusalSummary } from '../summary.js'

/** Entry of the `refresh-data` action (main and post). */
export async function run(): Promise<void> {
  // Post: a status left pending and a lock main could not give back (the
  // job was cancelled or killed) are closed there. The target needs no
  // cleanup: its transaction rolled back with the connection.
  await runAction('refresh-data', { main, post: postPipelineAction })
}

async function main(): Promise<string | void> {
  const inputs = readInputs(contracts['refresh-data'])
  for (const secret of [inputs['source-url'], inputs['database-url']])
    if (secret) core.setSecret(secret)
  const { workspace, deps } = createActionContext(inputs.token)
  const environment = inputs.environment
  const sha = inputs.sha || process.env.GITHUB_SHA || ''
  try {
    // The data section is the plan's: there is no script-only refresh.
    // A path out of the repository is loadPlan's to refuse as such.
    const outside =
      isAbsolute(inputs.config) || normalize(inputs.config).startsWith('..')
    if (!outside && !existsSync(join(workspace, inputs.config)))
      throw new ConfigurationError(
        `${inputs.config}: no such file. Add the deployment plan with its data: section there (see the README), or set the "config" input to its path.`,
        { reason: 'no_plan' }
      )
    const plan = loadPlan({ workspace, file: inputs.config, environment })
    rememberRun(environment, sha)
    const outcome = await refreshData(
      {
        plan,
        environment,
        workspace,
        sha,
        sourceUrl: inputs['source-url'] || undefined,
        targetUrl: inputs['database-url'] || undefined,
        lockWaitMs: inputs['lock-wait-minutes'] * 60_000,
        lockWaitHint: 'the lock-wait-minutes input',
        lockReason: `refresh-data in ${process.env.GITHUB_WORKFLOW ?? 'a workflow'} run ${process.env.GITHUB_RUN_ID ?? '?'}`,
        // Released by main: post then has nothing left to give back.
        onLock: taken =>
          taken ? rememberLock(taken) : rememberRun(environment, sha)
      },
      deps
    )
    core.setOutput('rows', outcome.receipt.rows)
    core.setOutput('tables', outcome.receipt.tables.length)
    core.setOutput('receipt', writeReceipt(outcome.receipt))
    core.setOutput('reason', outcome.reason ?? '')
    await core.summary.addRaw(outcome.summary, true).write()
    if (outcome.status !== 'success')
      return `refresh of ${environment} ${outcome.status === 'blocked' ? 'blocked' : 'failed'} (${outcome.reason ?? 'failure'}): ${outcome.receipt.message ?? outcome.description}`
  } catch (error) {
    if (isConfigurationError(error))
      await writeRefusalSummary('refresh-data refused', error.message).catch(
        () => undefined
      )
    throw error
  }
}

function writeReceipt(receipt: DataReceipt): string {
  const dir = process.env.RUNNER_TEMP || tmpdir()
  const file = join(
    dir,
    `rehearse-data-${receipt.environment}-${receipt.sha.slice(0, 7)}.json`
  )
  writeFileSync(file, `${JSON.stringify(receipt, null, 2)}\n`)
  return file
}
