import type { StageReport } from '@rehearse/engine'
import type { RepoContext } from './repo-context.js'

// GitHub caps a check run's summary and text at 65,535 characters each.
const MAX_TEXT = 65_535

/** The check run that carries a stage's report: never a required check. */
export function reportName(environment: string, stage: string): string {
  return `rehearse/${environment}/${stage} report`
}

/**
 * Saves a report as a completed, `neutral` check run on the SHA: visible in
 * the commit's checks, data in `output.text` as JSON for later runs.
 */
export async function saveReport(
  ctx: RepoContext,
  sha: string,
  environment: string,
  stage: string,
  report: StageReport
): Promise<void> {
  const text = JSON.stringify(report.data)
  if (text.length > MAX_TEXT) {
    throw new Error(
      `the ${environment}/${stage} report is ${text.length} characters; GitHub keeps at most ${MAX_TEXT}`
    )
  }
  await ctx.octokit.rest.checks.create({
    owner: ctx.owner,
    repo: ctx.repo,
    name: reportName(environment, stage),
    head_sha: sha,
    status: 'completed',
    conclusion: 'neutral',
    output: {
      title: report.title.slice(0, 255),
      summary: report.summary.slice(0, MAX_TEXT),
      text
    }
  })
}

/** The newest report check run of the SHA, parsed; undefined if none. */
export async function readReport(
  ctx: RepoContext,
  sha: string,
  environment: string,
  stage: string
): Promise<StageReport | undefined> {
  const { data } = await ctx.octokit.rest.checks.listForRef({
    owner: ctx.owner,
    repo: ctx.repo,
    ref: sha,
    check_name: reportName(environment, stage),
    filter: 'latest',
    per_page: 1
  })
  const run = data.check_runs[0]
  if (!run?.output.text) return undefined
  try {
    return {
      title: run.output.title ?? '',
      summary: run.output.summary ?? '',
      data: JSON.parse(run.output.text) as Record<string, unknown>
    }
  } catch {
    // Someone else's check run with our name: not a report we can use.
    return undefined
  }
}
