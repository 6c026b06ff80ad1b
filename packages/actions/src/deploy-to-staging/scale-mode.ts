import * as core from '@actions/core'
import { loadPlan, scaleEnvironment } from '@rehearse/engine'
import type { ScaleDirection } from '@rehearse/engine'
import { createActionContext } from '../action-deps.js'
import { writeRefusalSummary } from '../summary.js'

/** The scheduled modes `scale-down` and `scale-up` of deploy-to-staging. */
export async function runScaleMode(
  direction: ScaleDirection,
  inputs: {
    readonly config: string
    readonly environment: string
    readonly token: string
    readonly 'lock-wait-minutes': number
  }
): Promise<string | void> {
  const { workspace, deps } = createActionContext(inputs.token)
  const plan = loadPlan({
    workspace,
    file: inputs.config,
    environment: inputs.environment
  })
  const outcome = await scaleEnvironment(
    {
      plan,
      environment: inputs.environment,
      workspace,
      direction,
      lockWaitMs: inputs['lock-wait-minutes'] * 60_000
    },
    deps
  ).catch(async (error: unknown) => {
    await writeRefusalSummary(
      `scale-${direction} refused`,
      (error as Error).message
    ).catch(() => undefined)
    throw error
  })
  core.setOutput('reason', '')
  await core.summary
    .addRaw(
      `### Scale-${direction} · ${inputs.environment}\n\n${outcome.description}`,
      true
    )
    .write()
  core.info(outcome.description)
  if (outcome.status === 'failure')
    return `scale-${direction} of ${inputs.environment} failed: ${outcome.description}`
}
