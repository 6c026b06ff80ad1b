import type { DeployOutcome } from '../pipeline/types.js'
import type { StepStatus } from '../run/types.js'
import { escapeCell, formatDuration, table } from './markdown.js'

const ICON: Record<StepStatus, string> = {
  success: '✅ success',
  failure: '❌ failure',
  timed_out: '⏱️ timed out',
  cancelled: '🛑 cancelled',
  skipped: '⏭️ skipped'
}

const HEADLINE: Record<DeployOutcome['status'], string> = {
  success: '✅ Deployed',
  failure: '❌ Deploy failed',
  cancelled: '🛑 Deploy cancelled',
  noop: '🔎 Noop'
}

/** The steps of one environment run, for the job summary. */
export function renderRunSummary(outcome: DeployOutcome): string {
  const lines = [
    `### ${HEADLINE[outcome.status]}: ${escapeCell(outcome.environment)} @ \`${outcome.sha.slice(0, 7)}\``,
    ''
  ]
  if (outcome.run) {
    lines.push(
      table(
        ['step', 'outcome', 'exit code', 'duration'],
        outcome.run.steps.map(step => [
          escapeCell(step.name),
          ICON[step.status],
          step.exitCode === null ? '' : String(step.exitCode),
          step.status === 'skipped' ? '' : formatDuration(step.durationMs)
        ])
      ),
      '',
      `Total: ${formatDuration(outcome.run.durationMs)}`
    )
  }
  if (outcome.notes.length > 0)
    lines.push('', ...outcome.notes.map(note => `- ${escapeCell(note)}`))
  lines.push(
    '',
    `Fingerprint: \`${outcome.fingerprint.value}\``,
    ...(outcome.artifact
      ? [`Artifact: \`${escapeCell(outcome.artifact)}\``]
      : []),
    ...(outcome.environmentUrl
      ? [`URL: ${escapeCell(outcome.environmentUrl)}`]
      : []),
    ...(outcome.deployment ? [`Deployment: ${outcome.deployment.id}`] : [])
  )
  return lines.join('\n')
}
