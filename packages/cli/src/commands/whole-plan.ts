import { hostname } from 'node:os'
import { runEnvironment } from '@rehearse/engine'
import type { Plan, RunRequest } from '@rehearse/engine'
import { createMigrationStage } from '@rehearse/migrations'
import { createSmokeStage } from '@rehearse/smoke'
import type { CliIo } from './cli-io.js'
import { exitCodeOf, printRun, stagePrinter } from './stages.js'
import { runDocument, writeJson } from './json-output.js'
import { pipelineDeps } from './workspace.js'
import type { Workspace } from './workspace.js'

/** What `run` and `promote` tell the one pipeline. */
export interface WholePlanRun {
  readonly plan: Plan
  readonly environment: string
  readonly sha: string
  readonly ref: string
  readonly command: 'run' | 'promote'
  readonly wait: number | undefined
  readonly overrideFreeze: string | undefined
  readonly extra?: Pick<RunRequest, 'from' | 'noop'>
  /** `--json`: where the outcome's document goes (stdout). */
  readonly json?: (text: string) => void
}

/**
 * The whole plan — migrations, deploy steps, smoke checks — through the
 * engine's one pipeline, as a person at the keyboard runs it: stages
 * printed as they end, their own hold lock no obstacle.
 */
export async function runWholePlan(
  workspace: Workspace,
  io: CliIo,
  run: WholePlanRun
): Promise<number> {
  const migrations = createMigrationStage({
    dryRun: false,
    rehearseRollback: 'auto',
    // Locally there is no other database than the embedded one.
    embeddedInProduction: true
  })
  const smoke = createSmokeStage()
  const outcome = await runEnvironment(
    {
      plan: run.plan,
      environment: run.environment,
      workspace: workspace.root,
      sha: run.sha,
      ref: run.ref,
      stages: { migrations: migrations.port, deploy: true, smoke: smoke.port },
      lockWaitMs: (run.wait ?? 0) * 60_000,
      lockWaitHint: '--wait <minutes>',
      nestInOwnHold: true,
      freezeOverride: run.overrideFreeze,
      onStageDone: stagePrinter(run.environment, smoke, io, migrations),
      lockReason: `rehearse ${run.command} on ${hostname()}`,
      ...run.extra
    },
    pipelineDeps(workspace, io)
  )
  printRun(outcome, io)
  if (run.json) {
    writeJson(
      run.json,
      runDocument(run.command, outcome, run.ref, run.extra?.from)
    )
  }
  return exitCodeOf(outcome, run.command === 'run' ? 'run' : 'promotion', io)
}
