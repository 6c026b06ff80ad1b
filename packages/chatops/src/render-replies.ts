import type { DeploymentRecord, HeldLock, StageStatus } from '@rehearse/engine'
import { code, inert } from './inert.js'
import { byline, link } from './render-result.js'
import type { CommandHeader } from './render-result.js'

const short = (sha: string) => sha.slice(0, 7)

/** One line about a lock, every user-given part inert. */
export function lockLine(lock: HeldLock): string {
  if (lock.unreadable) return '🔒 locked; the lock cannot be read'
  const what = lock.kind === 'hold' ? '🔒 locked' : '🚧 being deployed'
  const pr = lock.pr === undefined ? '' : ` from #${lock.pr}`
  const reason = lock.reason ? `: “${inert(lock.reason)}”` : ''
  const until = lock.expiresAt ? `, until ${lock.expiresAt}` : ''
  return `${what} by @${lock.owner}${pr}${reason} (since ${lock.acquiredAt}${until})`
}

/** What `.lock` or `.unlock` did. */
export type LockOutcome =
  | { readonly done: 'locked' | 'already-yours'; readonly lock: HeldLock }
  | { readonly done: 'unlocked'; readonly previous: HeldLock }
  | { readonly done: 'not-locked' | 'changed' }

/** The reply to `.lock` and `.unlock`. */
export function renderLockReply(
  header: CommandHeader,
  environment: string,
  outcome: LockOutcome
): string {
  const env = inert(environment)
  const unlock = code(
    `${header.command.replace(/(un)?lock$/, '')}unlock ${environment}`
  )
  const [icon, text, detail] =
    outcome.done === 'locked'
      ? ['🔒', `locked until ${unlock}`, lockLine(outcome.lock)]
      : outcome.done === 'already-yours'
        ? ['🔒', 'already locked by you', lockLine(outcome.lock)]
        : outcome.done === 'unlocked'
          ? ['🔓', `unlocked (it was held by @${outcome.previous.owner})`, '']
          : outcome.done === 'not-locked'
            ? ['🔓', 'was not locked', '']
            : [
                '⚠️',
                'the lock changed meanwhile; comment again to remove the new one',
                ''
              ]
  return [
    `### ${icon} ${env}: ${text}`,
    byline(header),
    ...(detail ? ['', detail] : [])
  ].join('\n')
}

/** One environment's row of `.status`. */
export interface EnvironmentStatus {
  readonly name: string
  readonly url: string | undefined
  readonly production: boolean
  readonly latest: DeploymentRecord | undefined
  readonly lock: HeldLock | undefined
}

/** The reply to `.status`: what is where, which locks, this head's stages. */
export function renderStatus(
  header: CommandHeader,
  environments: readonly EnvironmentStatus[],
  head: { sha: string; stages: readonly StageStatus[] }
): string {
  const rows = environments.map(env => {
    const deployed = env.latest
      ? `\`${short(env.latest.sha)}\` ${env.latest.state ?? 'unknown'} (${env.latest.updatedAt})`
      : '—'
    return `| ${link(env.name, env.url)}${env.production ? ' (production)' : ''} | ${deployed} | ${env.lock ? lockLine(env.lock) : 'free'} |`
  })
  const stages = head.stages.map(
    s =>
      `| ${inert(s.environment)} | ${inert(s.stage)} | ${s.state} | ${inert(s.description, 140)} |`
  )
  return [
    '### 📋 Status',
    byline(header),
    '',
    '| environment | deployed | lock |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `Stages of this pull request's head \`${short(head.sha)}\`:`,
    '',
    ...(stages.length > 0
      ? [
          '| environment | stage | state | details |',
          '| --- | --- | --- | --- |',
          ...stages
        ]
      : ['none reported yet'])
  ].join('\n')
}

/** What `.help` explains, from the plan and the action's inputs. */
export interface HelpView {
  readonly prefix: string
  readonly defaultEnvironment: string
  /** Environments `.deploy` may target. */
  readonly deployable: readonly string[]
  /** Every environment of the plan (`.lock`, `.unlock`). */
  readonly environments: readonly string[]
  readonly allowedPermissions: readonly string[]
  readonly requireChecks: string
  readonly leaseMinutes: number
}

/** The reply to `.help`, generated from the plan and the inputs. */
export function renderHelp(header: CommandHeader, view: HelpView): string {
  const p = view.prefix
  const env = inert(view.defaultEnvironment)
  return [
    '### 💡 Commands',
    byline(header),
    '',
    '| command | what it does |',
    '| --- | --- |',
    `| ${code(`${p}deploy [env]`)} | deploy this PR's head to an environment (default ${env}); waits for nothing, refuses unless CI is green |`,
    `| ${code(`${p}deploy noop [env]`)}, ${code(`${p}noop [env]`)} | run the checks and show the plan; change nothing |`,
    `| ${code(`${p}rollback [env]`)} | redeploy the environment's last good release before the current one |`,
    `| ${code(`${p}lock [env] [--reason "…"]`)} | hold the environment until ${code(`${p}unlock`)}; deploys and promotion by others are refused |`,
    `| ${code(`${p}unlock [env]`)} | release the environment's lock, whoever holds it |`,
    `| ${code(`${p}status`)} | what is deployed where, which locks, this head's stages |`,
    `| ${code(`${p}help`)} | this list |`,
    '',
    `- deployable from comments: ${view.deployable.map(e => inert(e)).join(', ') || 'none'} (production only through the promotion gate)`,
    `- all environments: ${view.environments.map(e => inert(e)).join(', ')}`,
    `- who may comment commands: ${view.allowedPermissions.map(e => inert(e)).join(', ')} permission`,
    `- CI required before a deploy: ${inert(view.requireChecks)}`,
    `- a deploy's lock lapses after ${view.leaseMinutes} min if its run dies`
  ].join('\n')
}
