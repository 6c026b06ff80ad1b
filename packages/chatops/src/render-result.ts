import type { StageStatus } from '@rehearse/engine'
import { code, inert } from './inert.js'
import type { Refusal } from './refusal.js'

/** How a deploy command ended, as the post step read it back. */
export type DeployOutcome =
  | 'success'
  | 'failure'
  | 'cancelled'
  | 'not-run'
  | 'noop'
  /** Not deployed: the head moved after the command was accepted. */
  | 'ref-changed'

/** Who asked for what, shared by every reply. */
export interface CommandHeader {
  /** The command as typed, e.g. `.deploy` or `.rollback` (prefix included). */
  readonly command: string
  readonly login: string
  readonly prNumber: number
  readonly logUrl: string | undefined
}

/** What a result comment shows. */
export interface ResultView extends CommandHeader {
  readonly environment: string
  readonly outcome: DeployOutcome
  readonly sha: string
  /** Head branch (untrusted text, shown inert). */
  readonly ref: string | undefined
  readonly environmentUrl: string | undefined
  readonly stages: readonly StageStatus[]
  readonly durationMs: number | undefined
  /** A note such as "the lock had been replaced; it was left alone". */
  readonly notes: readonly string[]
  readonly rollback: boolean
}

const short = (sha: string) => sha.slice(0, 7)
const SAFE_URL = /^https?:\/\/[^\s<>()"'`\\]+$/
const STATE_ICON: Record<string, string> = {
  success: '✅',
  failure: '❌',
  error: '⚠️',
  pending: '⏳'
}

function title(view: ResultView): string {
  const env = inert(view.environment)
  const sha = `\`${short(view.sha)}\``
  switch (view.outcome) {
    case 'success':
      return view.rollback
        ? `### ↩️ ${env}: rolled back to ${sha}`
        : `### 🚀 ${env}: deployed ${sha}`
    case 'noop':
      return `### 🧪 ${env}: noop for ${sha} — gate passed, nothing changed`
    case 'cancelled':
      return `### ⏹️ ${env}: deploy of ${sha} cancelled`
    case 'not-run':
      return `### ⚠️ ${env}: the deploy of ${sha} never ran`
    case 'ref-changed':
      return `### ↪️ ${env}: ${sha} not deployed — the head moved (\`ref_changed\`)`
    case 'failure':
      return `### ❌ ${env}: deploy of ${sha} failed`
  }
}

/** The line under every reply's title: command, who, PR, log link. */
export function byline(header: CommandHeader): string {
  const log =
    header.logUrl && SAFE_URL.test(header.logUrl)
      ? ` · [run log](${header.logUrl})`
      : ''
  return `${code(header.command)} by @${header.login} on #${header.prNumber}${log}`
}

/** A link when the URL is a plain http(s) URL, else the inert text. */
export function link(text: string, url: string | undefined): string {
  if (url && SAFE_URL.test(url)) return `[${inert(text)}](${url})`
  return url ? `${inert(text)} (${inert(url)})` : inert(text)
}

function seconds(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** The result comment of `.deploy`, `.noop` or `.rollback` (one per environment). */
export function renderResult(view: ResultView): string {
  const rows = [
    `| environment | ${link(view.environment, view.environmentUrl)} |`,
    `| commit | \`${view.sha}\` |`,
    ...(view.ref ? [`| branch | ${inert(view.ref)} |`] : []),
    ...(view.durationMs === undefined
      ? []
      : [`| time | ${seconds(view.durationMs)} |`])
  ]
  const stages = view.stages.map(
    s =>
      `| ${inert(s.stage)} | ${STATE_ICON[s.state] ?? ''} ${s.state} | ${inert(s.description, 140)} |`
  )
  return [
    title(view),
    byline(view),
    '',
    '| | |',
    '| --- | --- |',
    ...rows,
    '',
    ...(stages.length > 0
      ? [
          `Stages (\`rehearse/${inert(view.environment)}/*\` on this commit):`,
          '',
          '| stage | result | details |',
          '| --- | --- | --- |',
          ...stages,
          ''
        ]
      : []),
    ...view.notes.map(note => `> ${inert(note, 300)}`),
    `<sub>Updated in place by Rehearse at ${new Date().toISOString()}.</sub>`
  ].join('\n')
}

/** Why a command did not run, in the comment it would have used. */
export function renderRefusal(
  header: CommandHeader,
  environment: string | undefined,
  refusal: Refusal
): string {
  const where = environment ? `${inert(environment)}: ` : ''
  return [
    `### ⛔ ${where}${code(header.command)} refused (\`${refusal.reason}\`)`,
    byline(header),
    '',
    `> ${inert(refusal.message, 1000)}`,
    '',
    `<sub>Updated in place by Rehearse at ${new Date().toISOString()}.</sub>`
  ].join('\n')
}
