import type { RunActionResult, StepResult } from './types.js'

/** A step the runner did not run, as `steps.<id>.outcome` shows it. */
export function skipped(stage: StepResult['stage']): StepResult {
  return {
    ...{ stage, outcome: 'skipped', exitCode: null, signal: null },
    ...{ stdout: '', stderr: '', log: '', annotations: [], outputs: {} },
    ...{ state: {}, env: {}, path: [], summary: '', durationMs: 0 },
    ...{ signalsSent: [], timedOut: false, secretLeaks: [] }
  }
}

/** Main's and post's results combined as the runner reports the step. */
export function summarize(
  main: StepResult,
  post: StepResult | undefined,
  job: { cancelled: boolean; tempDir: string | undefined }
): RunActionResult {
  const steps = post ? [main, post] : [main]
  const failed = steps.some(step => step.outcome === 'failure')
  return {
    main,
    post,
    outputs: main.outputs,
    state: main.state,
    env: Object.assign({}, ...steps.map(step => step.env)),
    path: steps.flatMap(step => step.path),
    summary: steps.map(step => step.summary).join(''),
    annotations: steps.flatMap(step => step.annotations),
    log: steps
      .map(step => step.log)
      .filter(log => log !== '')
      .join('\n'),
    cancelled: job.cancelled,
    conclusion: job.cancelled ? 'cancelled' : failed ? 'failure' : 'success',
    tempDir: job.tempDir
  }
}
