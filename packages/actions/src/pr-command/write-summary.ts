import * as core from '@actions/core'
import { byline, code, inert } from '@rehearse/chatops'
import type {
  CommandHeader,
  DeployOutcome,
  GitHubRepo,
  Refusal
} from '@rehearse/chatops'
import type { StageStatus } from '@rehearse/engine'
import type { PrInputs, PrOutputs } from './session.js'

/**
 * What main's session did that its outputs do not say: the command it
 * read, the refusal it gave, the comment it wrote last. Filled as the
 * command is handled; read once for the job summary.
 */
export interface CommandRecord {
  header?: CommandHeader
  refusal?: Refusal
  /** The link to the last comment the command replied with. */
  replyUrl?: string
}

/** Why an event or comment was no command, for people. */
const NOTHING: Record<string, string> = {
  not_issue_comment: 'the run was not triggered by a comment',
  comment_not_created: 'the comment was edited or deleted, not created',
  not_a_pull_request: 'the comment is on an issue, not a pull request',
  no_command: 'the comment is no command'
}

const SAFE_URL = /^https?:\/\/[^\s<>()"'`\\]+$/

/**
 * The link to comment `id` on the pull request, as GitHub shows it:
 * `https://github.com/o/r/pull/42#issuecomment-123`.
 */
export function commentUrl(
  gh: Pick<GitHubRepo, 'owner' | 'repo'>,
  prNumber: number,
  id: number
): string {
  const server = (
    process.env.GITHUB_SERVER_URL || 'https://github.com'
  ).replace(/\/+$/, '')
  return `${server}/${gh.owner}/${gh.repo}/pull/${prNumber}#issuecomment-${id}`
}

const linkTo = (text: string, url: string | undefined): string =>
  url && SAFE_URL.test(url) ? `[${text}](${url})` : text

const row = (name: string, value: string): string => `| ${name} | ${value} |`

/**
 * Main's job summary: the command, who gave it, what was decided and
 * why, and the comment that answered it. Written on every path, refused
 * or accepted; a thrown error is told as the step's failure.
 */
export async function writeDecisionSummary(view: {
  readonly inputs: Pick<PrInputs, 'require-checks'> | undefined
  readonly outputs: PrOutputs
  readonly record: CommandRecord
  /** main's failure text, or the message of the error it threw. */
  readonly failure: string | undefined
}): Promise<void> {
  const { outputs, record } = view
  const header = record.header
  if (!header) {
    const why = NOTHING[outputs.reason] ?? inert(view.failure ?? outputs.reason)
    await write(`### 💬 pr-command: nothing to do\n\nNo command: ${why}.`)
    return
  }
  const reply = record.replyUrl
  const decision = decide(view)
  const rows = [
    ...(outputs.environment
      ? [row('environment', inert(outputs.environment))]
      : []),
    ...(outputs.continue
      ? [row('commit', `\`${outputs.sha}\``), row('branch', inert(outputs.ref))]
      : []),
    row('decision', decision.text),
    row('why', decision.why),
    row('reply', reply ? linkTo('the comment on the pull request', reply) : '—')
  ]
  await write(
    [
      `### ${decision.icon} ${code(header.command)} ${decision.word}`,
      byline(header),
      '',
      '| | |',
      '| --- | --- |',
      ...rows,
      ...(outputs.continue
        ? [
            '',
            'The outcome follows when the job ends (pr-command’s post step).'
          ]
        : [])
    ].join('\n')
  )
}

function decide(view: Parameters<typeof writeDecisionSummary>[0]): {
  icon: string
  word: string
  text: string
  why: string
} {
  const { outputs, record, failure } = view
  const refusal =
    record.refusal ??
    (outputs.reason && failure
      ? { reason: outputs.reason, message: failure }
      : undefined)
  if (outputs.continue) {
    const checks = view.inputs?.['require-checks'].trim() || 'none required'
    const what =
      outputs.command === 'noop'
        ? 'checked in the next steps of this job; nothing is changed'
        : outputs.command === 'rollback'
          ? `redeployed in the next steps of this job (the release before the current one)`
          : 'deployed in the next steps of this job'
    return {
      icon: '✅',
      word: 'accepted',
      text: `accepted: \`${outputs.sha.slice(0, 7)}\` is ${what}`,
      why: `every check passed — permission, pull request, CI (${inert(checks)}), the head the comment saw${outputs.command === 'noop' ? '' : ', the environment’s lock (held for this run)'}`
    }
  }
  if (refusal) {
    return {
      icon: '⛔',
      word: `refused (${code(refusal.reason)})`,
      text: `refused (${code(refusal.reason)}); nothing was deployed`,
      why: inert(refusal.message, 1000)
    }
  }
  if (failure) {
    return {
      icon: '⚠️',
      word: 'failed',
      text: 'failed before it was decided',
      why: inert(failure, 1000)
    }
  }
  return {
    icon: '✅',
    word: 'answered',
    text: `done${outputs.reason ? ` (${code(outputs.reason)})` : ''}`,
    why: 'a command that answers at once, in the reply'
  }
}

const OUTCOME: Record<DeployOutcome, string> = {
  success: '🚀 succeeded',
  failure: '❌ failed',
  cancelled: '⏹️ was cancelled',
  'not-run': '⚠️ never ran',
  noop: '🧪 noop: checked, nothing changed',
  'ref-changed': '↪️ not deployed: the head moved (`ref_changed`)'
}

const STATE_ICON: Record<string, string> = {
  success: '✅',
  failure: '❌',
  error: '⚠️',
  pending: '⏳'
}

/** Post's job summary: how the accepted command ended, and where it says so. */
export async function writeOutcomeSummary(view: {
  readonly header: CommandHeader
  readonly environment: string
  readonly sha: string
  readonly outcome: DeployOutcome
  readonly stages: readonly StageStatus[]
  readonly commentUrl: string | undefined
}): Promise<void> {
  const stages = view.stages.map(
    s => `${inert(s.stage)} ${STATE_ICON[s.state] ?? s.state}`
  )
  await write(
    [
      `### ${code(view.header.command)} on ${inert(view.environment)}: ${OUTCOME[view.outcome]}`,
      byline(view.header),
      '',
      '| | |',
      '| --- | --- |',
      row('commit', `\`${view.sha}\``),
      row('stages', stages.join(', ') || '—'),
      row('result', linkTo('the result comment', view.commentUrl))
    ].join('\n')
  )
}

// A summary that cannot be written must not fail the command.
async function write(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(
      `could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
