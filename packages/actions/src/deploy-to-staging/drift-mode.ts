import * as core from '@actions/core'
import {
  checkDrift,
  describeDrift,
  loadWholePlan,
  renderDriftMarkdown
} from '@rehearse/engine'
import type { DriftReport } from '@rehearse/engine'
import { syncDriftIssue } from '@rehearse/github'
import type { DriftIssueResult } from '@rehearse/github'
import { createActionContext } from '../action-deps.js'

/**
 * The scheduled mode `drift` of deploy-to-staging: compares every
 * environment with the ones it requires (releases, fingerprints, migration
 * sets, variable names, the plan's facts), writes the table to the job
 * summary and keeps the one drift issue up to date. Drift is reported by
 * the issue, not by failing the job; the job fails only when the check
 * cannot run.
 */
export async function runDriftMode(inputs: {
  readonly config: string
  readonly token: string
}): Promise<string | void> {
  const { workspace, deps, octokit, owner, repo } = createActionContext(
    inputs.token
  )
  const plan = loadWholePlan(workspace, inputs.config)
  const report = await checkDrift(plan, workspace, deps)
  const table = renderDriftMarkdown(report)
  const issue = await syncDriftIssue(
    { octokit, owner, repo, warn: message => core.warning(message) },
    {
      drift: report.driftCount > 0,
      title: issueTitle(report),
      body: issueBody(report, table),
      checked: `${report.checkedAt}${deps.logUrl ? ` ([run](${deps.logUrl}))` : ''}`
    }
  )
  core.setOutput('drift', String(report.driftCount > 0))
  core.setOutput('drift-issue', issue.url ?? '')
  core.setOutput('reason', '')
  await core.summary
    .addRaw(`### Drift check\n\n${table}\n${issueLine(issue)}`, true)
    .write()
  for (const line of describeDrift(report)) core.warning(`drift: ${line}`)
  core.info(
    report.driftCount > 0
      ? `${report.driftCount} undeclared difference(s); drift issue (${issue.action}): ${issue.url ?? ''}`
      : `No drift; drift issue: ${issue.action}.`
  )
}

function issueTitle(report: DriftReport): string {
  const pairs = report.pairs.filter(pair => pair.drift.length > 0)
  return `Drift: ${pairs.map(pair => `${pair.to} differs from ${pair.from}`).join(', ')}`
}

function issueBody(report: DriftReport, table: string): string {
  return [
    `Rehearse's drift check found differences between environments that \`parity.allow-differences\` in \`${report.file}\` does not declare.`,
    '',
    table,
    'This issue is kept up to date by the scheduled drift check (deploy-to-staging `mode: drift`): edited when what drifts changes, closed when drift ends.'
  ].join('\n')
}

function issueLine(issue: DriftIssueResult): string {
  const link = issue.url ? `[#${issue.number}](${issue.url})` : ''
  switch (issue.action) {
    case 'opened':
      return `Opened the drift issue ${link}.`
    case 'reopened':
      return `Reopened the drift issue ${link}.`
    case 'updated':
      return `Updated the drift issue ${link}.`
    case 'unchanged':
      return `The drift issue ${link} already says this.`
    case 'closed':
      return `Closed the drift issue ${link}: drift ended.`
    case 'none':
      return 'No drift issue open.'
  }
}
