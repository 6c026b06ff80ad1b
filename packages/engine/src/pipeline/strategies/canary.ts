import type { CanaryMetric } from '../../plan-types.js'
import type { RunResult } from '../../run/types.js'
import { joinRuns } from '../release.js'
import type { StageResult } from '../types.js'
import { describeRun } from './describe-run.js'
import { readMetric } from './read-metric.js'
import type { DeployStrategy, StrategyContext } from './types.js'

const short = (sha: string): string => sha.slice(0, 7)

function canaryOf(context: StrategyContext) {
  const strategy = context.request.plan.strategy
  if (strategy.type !== 'canary') throw new Error('not a canary plan')
  return strategy
}

const setTraffic = (context: StrategyContext, percent: number) =>
  context.run(canaryOf(context).traffic, {
    REHEARSE_TRAFFIC_PERCENT: String(percent)
  })

/**
 * The release is deployed beside the running one; the traffic steps then
 * send it 10 → 50 → 100 % (the plan's steps). Between steps, after the
 * pause, the analysis runs: the smoke checks (with the latency comparison
 * against the previous release) and the user's metric. A failed analysis
 * ends the rollout: `undo` sets traffic back to 0, later steps never run.
 * The smoke stage after the deploy is the analysis at 100 %.
 */
export const canary: DeployStrategy = {
  async deploy(context) {
    const { steps, pauseSeconds, metric } = canaryOf(context)
    const runs: RunResult[] = [await context.run(context.request.plan.deploy)]
    const notes: string[] = []
    const done = (result: StageResult, exposed: boolean) => ({
      run: joinRuns(runs),
      result,
      exposed,
      notes
    })
    if (runs[0]?.status !== 'success')
      return done(describeRun(joinRuns(runs), ''), false)
    for (const percent of steps) {
      const traffic = await setTraffic(context, percent)
      runs.push(traffic)
      if (traffic.status !== 'success')
        return done(describeRun(joinRuns(runs), ''), true)
      notes.push(`Traffic at ${percent} %.`)
      if (percent === 100) break
      await context.deps.sleep?.(pauseSeconds * 1000, context.deps.signal)
      const failed = await analyse(context, metric, percent, notes)
      if (failed) return done(failed, true)
    }
    return done(
      {
        status: 'success',
        description: `Rolled out ${short(context.release.sha)} through ${steps.join(' → ')} %`,
        summary: ''
      },
      true
    )
  },
  async undo(context) {
    context.deps.reporter.info('Setting canary traffic back to 0 %')
    return setTraffic(context, 0)
  }
}

// The analysis at one traffic step: smoke checks, then the metric.
async function analyse(
  context: StrategyContext,
  metric: CanaryMetric | undefined,
  percent: number,
  notes: string[]
): Promise<StageResult | undefined> {
  const { plan, environment } = context.request
  const url = plan.environments[environment]?.url
  const smoke = url ? await context.smokeAt?.(url) : undefined
  if (smoke && smoke.status !== 'success') {
    notes.push(`Analysis at ${percent} %: the smoke checks failed.`)
    return {
      ...smoke,
      status: smoke.status === 'cancelled' ? 'cancelled' : 'failure',
      description: `Analysis at ${percent} % failed: ${smoke.description}`,
      reason: 'canary_analysis_failed'
    }
  }
  if (!metric) return undefined
  const value = await readMetric(context, metric, percent)
  notes.push(`Analysis at ${percent} %: metric ${value.text}.`)
  if (value.ok) return undefined
  return {
    status: 'failure',
    description: `Analysis at ${percent} % failed: metric ${value.text}`,
    summary: '',
    reason: 'canary_analysis_failed'
  }
}
