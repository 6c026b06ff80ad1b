import * as core from '@actions/core'
import { showInvisible } from '@rehearse/core'
import {
  renderGateSummary,
  renderParityMarkdown,
  renderPipelineDiagram,
  renderRunSummary
} from '@rehearse/engine'
import type { Ledger, Plan, RunOutcome } from '@rehearse/engine'

/** The job summary of one run: gate, parity, each stage, the diagram. */
export async function writeRunSummary(
  plan: Plan,
  outcome: RunOutcome,
  ledger: Ledger,
  /** Shown beside the parity table: the facts each environment reports. */
  facts = ''
): Promise<void> {
  const sections = [
    ...(outcome.gate
      ? [
          renderGateSummary(outcome.gate, outcome.environment),
          '#### Environment parity',
          ...outcome.parity.map(renderParityMarkdown),
          ...(facts ? ['#### Facts, read now', facts] : [])
        ]
      : []),
    ...outcome.stages.map(({ stage, result }) =>
      stage === 'deploy' && outcome.deploy
        ? // A strategy's own smoke checks (canary analysis, idle slot)
          // report under the deploy they judged.
          [renderRunSummary(outcome.deploy), result.summary]
            .filter(Boolean)
            .join('\n\n')
        : result.summary ||
          `### ${stage} · ${outcome.environment}\n\n${result.description}`
    ),
    ...(outcome.rollback?.notable
      ? [
          `### ${outcome.rollback.rolledBack ? '↩️ Rolled back' : '⚠️ Not rolled back'}\n\n${outcome.rollback.description}`
        ]
      : [])
  ]
  await writePipelineSummary(plan, outcome.sha, ledger, sections)
}

/** A refusal before anything ran, one line under the action's name. */
export async function writeRefusalSummary(
  title: string,
  message: string
): Promise<void> {
  // The message may quote inputs, branch names or plan values.
  const text = showInvisible(message)
  await core.summary.addRaw(`### ⛔ ${title}\n\n${text}`, true).write()
}

/** Appends sections and the pipeline diagram of this SHA to the job summary. */
export async function writePipelineSummary(
  plan: Plan,
  sha: string,
  ledger: Ledger,
  sections: readonly string[]
): Promise<void> {
  const stages = await ledger.readStages(sha)
  const body = [
    ...sections.filter(section => section !== ''),
    '#### Pipeline for this commit',
    renderPipelineDiagram(plan, stages)
  ]
  await core.summary.addRaw(body.join('\n\n'), true).write()
}
