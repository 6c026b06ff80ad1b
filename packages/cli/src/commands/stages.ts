import { ConfigurationError } from '@rehearse/core'
import { scriptReferences } from '@rehearse/engine'
import type { Plan, RunOutcome, RunRequest } from '@rehearse/engine'
import type { MigrationStage, ToolResult } from '@rehearse/migrations'
import type { SmokeStage } from '@rehearse/smoke'
import { runGit } from '../git/run-git.js'
import type { CliIo } from './cli-io.js'
import { inCliWords } from './cli-words.js'
import { describeDeploy, shortSha } from './print-outcome.js'

/**
 * Prints each stage as it ends, the way a person reads it: a failed
 * migration or lint finding with its file and line, a failed smoke check
 * by name.
 */
export function stagePrinter(
  environment: string,
  smoke: SmokeStage,
  io: CliIo,
  migrations?: MigrationStage
): NonNullable<RunRequest['onStageDone']> {
  return ({ stage, result }, deploy) => {
    if (stage === 'deploy' && deploy) {
      io.stdout(describeDeploy(deploy))
      return
    }
    const ok = result.status === 'success' || result.status === 'skipped'
    io.stdout(
      `${ok ? '✓' : '✗'} ${stage} in ${environment}: ${result.description}\n`
    )
    if (stage === 'migrations') {
      io.stdout(migrationDetails(migrations?.outcome()?.result))
      return
    }
    if (stage !== 'smoke') return
    for (const check of smoke.outcome()?.checks ?? []) {
      if (check.status === 'passed') continue
      io.stdout(
        `  ✗ ${check.name}: ${check.problems.join('; ') || check.status}\n`
      )
    }
  }
}

/**
 * What the ledger's one line leaves out: every lint finding
 * (`file:line [rule] message`) and where a migration failed, with its
 * statement's first line.
 */
export function migrationDetails(result: ToolResult | undefined): string {
  if (!result) return ''
  const lines = result.findings.map(
    finding =>
      `  ${finding.level === 'error' ? '✗' : '!'} ${finding.file}:${finding.line} [${finding.rule}] ${finding.message}${finding.level === 'error' ? '' : ' (warning)'}`
  )
  const failure = result.failure
  if (failure?.kind === 'migration') {
    const { where, error, statement } = failure.detail
    lines.push(`  ✗ ${where}: ${error}`)
    const first = statement?.trim().split('\n')[0]
    if (first)
      lines.push(
        `      ${first.length > 120 ? `${first.slice(0, 117)}...` : first}`
      )
  }
  return lines.map(line => `${line}\n`).join('')
}

/**
 * The end of a run: a noop's verdict. (The way back after a failure is
 * the engine's to report, as it happens.)
 */
export function printRun(outcome: RunOutcome, io: CliIo): void {
  if (outcome.status === 'noop') {
    io.stdout(
      `noop: ${outcome.environment} @ ${shortSha(outcome.sha)} checked; nothing ran, nothing recorded\n`
    )
  }
}

/** Files of the repository the plan uses, for the uncommitted-changes check. */
function planPaths(plan: Plan): string[] {
  const steps = [...plan.deploy, ...plan.rollback].flatMap(step =>
    scriptReferences(step.run).map(ref => ref.path)
  )
  const dir = plan.migrations?.dir
  const ca = (plan.smoke?.tls as Record<string, unknown> | undefined)?.[
    'ca-file'
  ]
  return [
    plan.file,
    ...steps,
    ...(typeof dir === 'string' ? [dir] : []),
    ...(typeof ca === 'string' ? [ca] : [])
  ]
}

/**
 * A gated environment runs only committed code: the ledger records the
 * run as that commit, so uncommitted or untracked changes to files the
 * plan uses would promote something nobody can name or rehearse.
 */
export async function assertCommitted(
  root: string,
  plan: Plan,
  environment: string
): Promise<void> {
  const result = await runGit(root, [
    'status',
    '--porcelain',
    '--untracked-files=all',
    '--',
    ...planPaths(plan)
  ])
  const changed = result.stdout
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => line.slice(3))
  if (changed.length === 0) return
  throw new ConfigurationError(
    `${changed.length} file(s) the plan uses have uncommitted changes (${changed.slice(0, 5).join(', ')}); ${environment} runs only committed code. Commit them (and rehearse that commit first), or stash them.`,
    { reason: 'uncommitted_changes' }
  )
}

/** Exit code of a run: 0 when it passed (or a noop checked out). */
export function exitCodeOf(
  outcome: RunOutcome,
  what: 'promotion' | 'run' | 'rollback',
  io: CliIo
): number {
  if (outcome.status === 'success' || outcome.status === 'noop') return 0
  if (outcome.status === 'refused') {
    io.stderr(
      `rehearse: ${what} refused (${outcome.reason ?? 'gate'}): ${inCliWords(outcome.message ?? 'a gate condition failed')}\n`
    )
  }
  return 1
}
