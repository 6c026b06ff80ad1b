import {
  planEnvironmentNames,
  readPull,
  renderHelp,
  renderLockReply,
  renderStatus
} from '@rehearse/chatops'
import type { Command, EnvironmentStatus, LockOutcome } from '@rehearse/chatops'
import { describeLock, effectiveLock } from '@rehearse/engine'
import { deployableEnvironments, loadCommandPlan } from './command-plan.js'
import type { CommandPlan } from './command-plan.js'
import type { Session } from './session.js'

/** `.lock`, `.unlock`, `.status`, `.help`: done here, answered at once. */
export async function runDirect(
  session: Session,
  command: Command
): Promise<string | void> {
  const { inputs, github } = session
  const named = command.kind === 'lock' || command.kind === 'unlock'
  // .status and .help name no environment: any the plan knows will load it.
  const names = planEnvironmentNames(github.workspace, inputs.config)
  const environment =
    command.environment ??
    (named || names.length === 0 || names.includes(inputs.environment)
      ? inputs.environment
      : (names[0] ?? inputs.environment))
  if (named) session.output({ environment })
  const plan = await loadCommandPlan(session, environment)
  if ('reason' in plan) return session.refuse(plan, environment)
  // A per-PR environment's lock is each pull request's own.
  const own = plan.instanceOf(environment, session.event.prNumber).environment
  switch (command.kind) {
    case 'lock':
      return lock(session, own, command.reason ?? '')
    case 'unlock':
      return unlock(session, own)
    case 'status':
      return status(session, plan)
    default:
      return help(session, plan)
  }
}

async function lock(
  session: Session,
  environment: string,
  reason: string
): Promise<string | void> {
  const { github, event } = session
  const attempt = await github.locks.acquire(environment, {
    owner: event.login,
    reason,
    pr: event.prNumber,
    runId: github.runId,
    kind: 'hold'
  })
  if (!attempt.acquired) {
    return session.refuse(
      {
        reason: 'environment_locked',
        message: `${describeLock(attempt.heldBy)} It stays locked until @${attempt.heldBy.owner} (or anyone allowed) comments ${session.inputs.prefix}unlock ${environment}.`
      },
      environment
    )
  }
  const already = attempt.lock.runId !== github.runId
  await session.reply(
    `lock environment=${environment}`,
    renderLockReply(session.header, environment, {
      done: already ? 'already-yours' : 'locked',
      lock: attempt.lock
    })
  )
  await session.react('rocket')
}

async function unlock(
  session: Session,
  environment: string
): Promise<string | void> {
  const { github } = session
  const current = await github.locks.read(environment)
  const released = current
    ? await github.locks.release(environment, current, { remove: true })
    : 'not-held'
  const outcome: LockOutcome = !current
    ? { done: 'not-locked' }
    : released === 'released'
      ? { done: 'unlocked', previous: current }
      : { done: 'changed' }
  if (!current) session.output({ reason: 'not_locked' })
  await session.reply(
    `lock environment=${environment}`,
    renderLockReply(session.header, environment, outcome)
  )
  await session.react('rocket')
}

async function status(
  session: Session,
  plan: CommandPlan
): Promise<string | void> {
  const { github, event } = session
  const environments: EnvironmentStatus[] = []
  for (const name of plan.names) {
    const [latest] = await github.ledger.recentDeployments(name, 1)
    environments.push({
      name,
      url: plan.urlOf(name),
      production: plan.isProduction(name),
      latest,
      lock: effectiveLock(await github.locks.read(name), new Date())
    })
  }
  const pull = await readPull(github.gh, event.prNumber)
  const stages = await github.ledger.readStages(pull.headSha)
  await session.reply(
    'status',
    renderStatus(session.header, environments, { sha: pull.headSha, stages })
  )
  await session.react('rocket')
}

async function help(
  session: Session,
  plan: CommandPlan
): Promise<string | void> {
  const { inputs } = session
  await session.reply(
    'help',
    renderHelp(session.header, {
      prefix: inputs.prefix,
      defaultEnvironment: inputs.environment,
      deployable: deployableEnvironments(session, plan),
      environments: plan.names,
      allowedPermissions: inputs['allowed-permissions'],
      requireChecks: inputs['require-checks'],
      leaseMinutes: inputs['lock-lease-minutes']
    })
  )
  await session.react('rocket')
}
