import { setTimeout as delay } from 'node:timers/promises'
import { ConfigurationError } from '@rehearse/core'
import { describeLock, effectiveLock } from '@rehearse/engine'
import type { HeldLock, PipelineDeps } from '@rehearse/engine'

/** The environment's lock as a refresh holds it. */
export interface RefreshLock {
  readonly lock: HeldLock
  /** False when this run already held it (an earlier step of the job). */
  readonly fresh: boolean
}

const LEASE_MINUTES = 180
const POLL_MS = 3_000

/**
 * Takes the environment's run lock, as a deploy does: a refresh replaces
 * the data a deploy's migrations and smoke checks run on, so the two never
 * overlap. Another run's lock is waited for up to `waitMs`; a hold refuses
 * at once (`environment_locked`).
 */
export async function takeRefreshLock(
  environment: string,
  options: {
    readonly waitMs: number
    readonly hint?: string
    readonly reason: string
  },
  deps: PipelineDeps
): Promise<RefreshLock> {
  const current = effectiveLock(
    await deps.locks.read(environment),
    deps.clock.now()
  )
  if (
    current?.kind === 'run' &&
    current.runId === deps.runId &&
    !current.unreadable
  )
    return { lock: current, fresh: false }
  const started = deps.clock.now().getTime()
  for (let announced = ''; ;) {
    const attempt = await deps.locks.acquire(environment, {
      owner: deps.actor,
      reason: options.reason,
      runId: deps.runId,
      kind: 'run',
      leaseMinutes: LEASE_MINUTES
    })
    if (attempt.acquired) return { lock: attempt.lock, fresh: true }
    const holder = attempt.heldBy
    const left = options.waitMs - (deps.clock.now().getTime() - started)
    if (holder.kind === 'hold' || holder.unreadable || left <= 0)
      throw new ConfigurationError(
        `${describeLock(holder)} ${holder.kind === 'hold' ? `Ask @${holder.owner} to unlock ${environment}.` : `Run again once it is released${options.hint ? `, or wait longer (${options.hint})` : ''}.`}`,
        { reason: 'environment_locked' }
      )
    if (announced !== holder.version) {
      announced = holder.version
      deps.reporter.info(
        `${describeLock(holder)} Waiting up to ${Math.ceil(left / 1000)} s for it.`
      )
    }
    const sleep =
      deps.sleep ??
      ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }))
    await sleep(Math.min(POLL_MS, left), deps.signal).catch(() => {
      throw new ConfigurationError(
        `cancelled while waiting for the ${environment} lock`,
        { reason: 'cancelled' }
      )
    })
  }
}

/** Gives back a lock this refresh took; a failure only warns (the lease ends it). */
export async function releaseRefreshLock(
  environment: string,
  taken: RefreshLock,
  deps: PipelineDeps
): Promise<void> {
  if (!taken.fresh) return
  await deps.locks
    .release(environment, taken.lock)
    .catch((error: Error) =>
      deps.reporter.warning(
        `could not release the ${environment} lock (${error.message}); it lapses at ${taken.lock.expiresAt ?? 'its lease end'}`
      )
    )
}
