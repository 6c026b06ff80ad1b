import { setTimeout as delay } from 'node:timers/promises'
import { ConfigurationError } from '@rehearse/core'
import type { HeldLock } from '../ports.js'
import { describeLock, effectiveLock } from './locks.js'
import type { PipelineDeps, TakenLock } from './types.js'

// Short waits with jitter: waiters must not retry in step, nor leave a
// released lock idle for long (each attempt is a read, cheap on GitHub).
const FIRST_WAIT_MS = 1_000
const LONGEST_WAIT_MS = 5_000

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal })

/**
 * Takes the environment's run lock, atomically. A lock this run already
 * holds lets it through; another run's lock is waited for up to `waitMs`
 * (its holder is named while waiting); a `hold` lock someone took on
 * purpose refuses at once. Refusals are `environment_locked`.
 */
export async function takeLock(
  environment: string,
  options: {
    waitMs: number
    waitHint: string | undefined
    leaseMinutes: number
    reason: string
    nest: boolean
  },
  deps: PipelineDeps
): Promise<TakenLock> {
  const own = effectiveLock(
    await deps.locks.read(environment),
    deps.clock.now()
  )
  const runAttempt = deps.runAttempt ?? 1
  // Taken in this attempt (pr-command, earlier in the job): this run's to
  // deploy under. One an earlier attempt left is taken over below.
  if (
    own &&
    own.kind === 'run' &&
    own.runId === deps.runId &&
    (own.attempt ?? 1) >= runAttempt &&
    !own.unreadable
  )
    return { lock: own, fresh: false }
  const sleep = deps.sleep ?? defaultSleep
  const started = deps.clock.now().getTime()
  let wait = FIRST_WAIT_MS
  let announced = ''
  for (;;) {
    const attempt = await deps.locks.acquire(environment, {
      owner: deps.actor,
      reason: options.reason,
      runId: deps.runId,
      attempt: runAttempt,
      kind: 'run',
      leaseMinutes: options.leaseMinutes,
      nest: options.nest
    })
    if (attempt.acquired) return { lock: attempt.lock, fresh: true }
    const holder = attempt.heldBy
    const waited = deps.clock.now().getTime() - started
    const left = options.waitMs - waited
    if (holder.kind === 'hold' || holder.unreadable || left <= 0) {
      const after =
        waited >= 1000 ? ` Waited ${Math.round(waited / 1000)} s for it.` : ''
      throw new ConfigurationError(
        `${describeLock(holder)}${after} ${advice(holder, environment, options.waitHint)}`,
        { reason: 'environment_locked' }
      )
    }
    if (announced !== holder.version) {
      announced = holder.version
      deps.reporter.info(
        `${describeLock(holder)} Waiting up to ${Math.ceil(left / 1000)} s for it.`
      )
    }
    const jittered = wait * (0.75 + Math.random() / 2)
    await sleep(Math.min(jittered, left), deps.signal).catch(() => {
      throw new ConfigurationError(
        `cancelled while waiting for the ${environment} lock`,
        { reason: 'cancelled' }
      )
    })
    wait = Math.min(wait * 2, LONGEST_WAIT_MS)
  }
}

function advice(
  holder: HeldLock,
  environment: string,
  waitHint: string | undefined
): string {
  if (holder.kind === 'hold')
    return `Ask @${holder.owner} to unlock ${environment} (.unlock ${environment}, or rehearse unlock ${environment}).`
  const longer = waitHint ? `, or wait longer for it (${waitHint})` : ''
  return `Run again once it is released${longer}.`
}

/** Gives back a lock this run took; a failure only warns (the lease ends it). */
export async function releaseLock(
  environment: string,
  taken: TakenLock,
  deps: PipelineDeps
): Promise<void> {
  if (!taken.fresh) return
  try {
    await deps.locks.release(environment, taken.lock)
  } catch (error) {
    deps.reporter.warning(
      `could not release the ${environment} lock (${(error as Error).message}); it lapses at ${taken.lock.expiresAt ?? 'its lease end'}`
    )
  }
}
