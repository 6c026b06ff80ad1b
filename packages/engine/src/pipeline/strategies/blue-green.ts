import { environmentOf } from '../../fingerprint/environment-of.js'
import type { SlotName } from '../../plan-types.js'
import type { DeploymentRecord } from '../../ports.js'
import { joinRuns } from '../release.js'
import { describeRun } from './describe-run.js'
import type { DeployStrategy, StrategyContext } from './types.js'

const other = (slot: SlotName): SlotName => (slot === 'blue' ? 'green' : 'blue')
const short = (sha: string): string => sha.slice(0, 7)

/** The slot the environment serves now: the last good release's. */
function liveSlot(
  previous: DeploymentRecord | undefined
): SlotName | undefined {
  return previous?.payload?.release?.slot
}

function slotUrl(context: StrategyContext, slot: SlotName): string {
  const { plan, environment } = context.request
  return environmentOf(plan, environment).slots?.[slot].url ?? ''
}

function switchTo(
  context: StrategyContext,
  slot: SlotName,
  from: SlotName | undefined
) {
  const strategy = context.request.plan.strategy
  const steps = strategy.type === 'blue-green' ? strategy.switch : []
  return context.run(steps, {
    REHEARSE_SLOT: slot,
    REHEARSE_SLOT_URL: slotUrl(context, slot),
    REHEARSE_PREVIOUS_SLOT: from ?? ''
  })
}

/**
 * The release goes to the idle slot and is smoke-tested there; only then
 * do the switch steps send users to it. A failure before the switch
 * changes nothing for users; after it, `undo` switches back.
 */
export const blueGreen: DeployStrategy = {
  slotFor: previous => {
    const live = liveSlot(previous)
    return live ? other(live) : 'blue'
  },
  async deploy(context) {
    const live = liveSlot(context.previous)
    const idle = live ? other(live) : 'blue'
    const url = slotUrl(context, idle)
    const deployed = await context.run(context.request.plan.deploy, {
      REHEARSE_SLOT: idle,
      REHEARSE_SLOT_URL: url,
      REHEARSE_PREVIOUS_SLOT: live ?? ''
    })
    const notes = [
      `Deployed to the idle slot ${idle} (${url}); live was ${live ?? 'none'}.`
    ]
    if (deployed.status !== 'success')
      return {
        run: deployed,
        result: describeRun(deployed, ''),
        exposed: false,
        notes
      }
    const idleSmoke = await context.smokeAt?.(url)
    if (idleSmoke && idleSmoke.status !== 'success') {
      notes.push(
        `The ${idle} slot failed its smoke test; users never reached it: the switch did not run.`
      )
      return {
        run: deployed,
        result: {
          ...idleSmoke,
          status: idleSmoke.status === 'cancelled' ? 'cancelled' : 'failure',
          description: `Idle slot ${idle} failed its smoke test: ${idleSmoke.description}`,
          reason: idleSmoke.reason ?? 'smoke_failed'
        },
        exposed: false,
        notes
      }
    }
    if (idleSmoke)
      notes.push(`The ${idle} slot passed its smoke test before the switch.`)
    const switched = await switchTo(context, idle, live)
    const run = joinRuns([deployed, switched])
    notes.push(
      switched.status === 'success'
        ? `Switched traffic from ${live ?? 'none'} to ${idle}.`
        : `The switch to ${idle} failed.`
    )
    return {
      run,
      result: describeRun(
        run,
        `Deployed ${short(context.release.sha)} to ${idle} and switched`
      ),
      exposed: true,
      notes
    }
  },
  async undo(context) {
    const live = liveSlot(context.previous)
    if (!live) return undefined
    context.deps.reporter.info(`Switching traffic back to ${live}`)
    return switchTo(context, live, other(live))
  }
}
