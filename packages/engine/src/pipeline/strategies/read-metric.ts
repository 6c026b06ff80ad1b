import { environmentOf } from '../../fingerprint/environment-of.js'
import type { CanaryMetric } from '../../plan-types.js'
import { createLineBuffer } from '../../run/line-buffer.js'
import { stepVariables } from '../../run/step-variables.js'
import type { StrategyContext } from './types.js'

/** The metric's value as read, and whether it passes its bounds. */
export interface MetricValue {
  readonly ok: boolean
  readonly text: string
}

/**
 * Runs the user's metric command (the plan's, the same everywhere) and
 * reads the number on its last line. A command that fails, times out or
 * prints no number fails the analysis: fail closed.
 */
export async function readMetric(
  context: StrategyContext,
  metric: CanaryMetric,
  percent: number
): Promise<MetricValue> {
  const { request, deps, release } = context
  const lines: string[] = []
  const buffer = createLineBuffer(line => {
    lines.push(line)
    deps.reporter.info(line)
  })
  const environment = environmentOf(request.plan, request.environment)
  const result = await deps.runner.run(metric.run, {
    cwd: request.workspace,
    env: {
      ...deps.baseEnv,
      ...stepVariables(
        {
          workspace: request.workspace,
          environment,
          sha: release.sha,
          ref: request.ref,
          previousSha: context.previous?.sha,
          rehearsedSha: release.rehearsedSha,
          artifact: release.artifact ?? '',
          variables: { REHEARSE_TRAFFIC_PERCENT: String(percent) }
        },
        request.plan.artifact,
        {}
      )
    },
    timeoutMs: metric.timeoutMinutes * 60_000,
    signal: deps.signal,
    onOutput: buffer.push
  })
  buffer.flush()
  if (result.exitCode !== 0)
    return {
      ok: false,
      text: `command failed (${result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`})`
    }
  const last =
    lines
      .filter(line => line.trim() !== '')
      .at(-1)
      ?.trim() ?? ''
  const value = Number(last)
  if (last === '' || !Number.isFinite(value))
    return {
      ok: false,
      text: `printed no number (last line: ${JSON.stringify(last.slice(0, 80))})`
    }
  const bounds = [
    metric.max === undefined ? '' : `max ${metric.max}`,
    metric.min === undefined ? '' : `min ${metric.min}`
  ]
    .filter(Boolean)
    .join(', ')
  const ok =
    (metric.max === undefined || value <= metric.max) &&
    (metric.min === undefined || value >= metric.min)
  return { ok, text: `${value} (${bounds})` }
}
