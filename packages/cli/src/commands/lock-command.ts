import { ConfigurationError } from '@rehearse/core'
import { describeLock, effectiveLock } from '@rehearse/engine'
import type { HeldLock, Locks } from '@rehearse/engine'
import type { Command } from '../args/parse-command.js'
import type { CliIo } from './cli-io.js'
import { describeStoredLock, lapseCause, runHolder } from './lock-text.js'
import { openWorkspace } from './workspace.js'

type LockOptions = Extract<Command, { kind: 'lock' }>
type UnlockOptions = Extract<Command, { kind: 'unlock' }>

/**
 * `rehearse lock <env>`: a `hold` lock for the local user, with no lease:
 * every other run and promotion of the environment is refused until
 * `rehearse unlock`; the user's own runs deploy inside it.
 */
export async function lockCommand(
  options: LockOptions,
  io: CliIo
): Promise<number> {
  const { locks, identity } = await openWorkspace(io)
  const { env } = options
  const attempt = await locks.acquire(env, {
    owner: identity.owner,
    reason: options.reason ?? '',
    runId: identity.runId,
    kind: 'hold'
  })
  if (!attempt.acquired) {
    const holder = attempt.heldBy
    const wait =
      holder.kind === 'hold'
        ? `It stays locked until @${holder.owner} runs: rehearse unlock ${env}`
        : `Wait for that run to finish, then lock it: rehearse lock ${env}`
    throw new ConfigurationError(`${describeLock(holder)} ${wait}`, {
      reason: 'environment_locked'
    })
  }
  const { lock } = attempt
  if (lock.runId !== identity.runId) {
    io.stdout(
      `${describeLock(lock)} It already was; to change the reason, run rehearse unlock ${env} first.\n`
    )
    return 0
  }
  io.stdout(
    `${describeLock(lock)}\nEveryone else's runs and promotions of ${env} are refused until: rehearse unlock ${env}\n`
  )
  return 0
}

/**
 * `rehearse unlock <env>`: removes the environment's lock, compare-and-
 * delete on the version read. A hold, or the lock of a run that is gone,
 * goes at once; the lock of a run that may still be deploying only with
 * `--force`.
 */
export async function unlockCommand(
  options: UnlockOptions,
  io: CliIo
): Promise<number> {
  const { locks } = await openWorkspace(io)
  const { env } = options
  const now = new Date()
  const stored = await locks.read(env)
  if (!stored) throw notLocked(env)
  const current = effectiveLock(stored, now)
  if (current?.kind === 'run' && !options.force) {
    throw new ConfigurationError(
      `${describeLock(current)} That run (${runHolder(current)}) may still be deploying: let it finish. If you are sure it is not running, rehearse unlock ${env} --force`,
      { reason: 'environment_locked' }
    )
  }
  if ((await locks.release(env, stored, { remove: true })) === 'not-held') {
    throw await changedMeanwhile(locks, env, now)
  }
  io.stdout(`Unlocked ${env}. ${released(stored, current)}\n`)
  return 0
}

function released(stored: HeldLock, current: HeldLock | undefined): string {
  if (!current) {
    return `Removed the lock of @${stored.owner}'s run, which had lapsed: ${lapseCause(stored)}.`
  }
  const what = current.kind === 'hold' ? 'hold' : 'run lock (--force)'
  const reason = current.reason ? `: "${current.reason}"` : ''
  const check =
    current.kind === 'run'
      ? ` If that run (${runHolder(current)}) is still going, stop it before deploying again.`
      : ''
  return `Removed the ${what} of @${current.owner}${reason} (since ${current.acquiredAt}).${check}`
}

function notLocked(env: string): ConfigurationError {
  return new ConfigurationError(
    `${env} is not locked: there is nothing to unlock. rehearse status lists every lock.`,
    { reason: 'not_locked' }
  )
}

// Someone took or released the lock between our read and our delete.
async function changedMeanwhile(
  locks: Locks,
  env: string,
  now: Date
): Promise<ConfigurationError> {
  const again = await locks.read(env)
  if (!again) return notLocked(env)
  return new ConfigurationError(
    `${env}'s lock changed while unlocking, so it was left alone: ${describeStoredLock(again, now)} Run rehearse unlock ${env} again if it should go.`,
    { reason: 'environment_locked' }
  )
}
