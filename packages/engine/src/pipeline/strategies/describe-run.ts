import type { RunResult } from '../../run/types.js'
import type { StageResult } from '../types.js'

/** A run of steps as a stage result: what failed, or how long it took. */
export function describeRun(run: RunResult, success: string): StageResult {
  if (run.status === 'success')
    return {
      status: 'success',
      description: `${success} in ${(run.durationMs / 1000).toFixed(1)} s`,
      summary: ''
    }
  if (run.status === 'cancelled')
    return {
      status: 'cancelled',
      description: 'Cancelled before the deploy finished',
      summary: '',
      reason: 'cancelled'
    }
  const failed = run.steps.find(
    s => s.status !== 'success' && s.status !== 'skipped'
  )
  const how = failed?.status === 'timed_out' ? 'timed out' : 'failed'
  return {
    status: 'failure',
    description: `Step "${failed?.name ?? '?'}" ${how}`,
    summary: '',
    reason: 'deploy_failed'
  }
}
