import { describeRun } from './describe-run.js'
import type { DeployStrategy } from './types.js'

const short = (sha: string): string => sha.slice(0, 7)

/** The deploy steps replace the running release. */
export const direct: DeployStrategy = {
  async deploy(context) {
    const run = await context.run(context.request.plan.deploy)
    return {
      run,
      result: describeRun(run, `Deployed ${short(context.release.sha)}`),
      // Steps that started may have replaced part of the release.
      exposed: run.steps.some(step => step.status !== 'skipped'),
      notes: []
    }
  }
}
