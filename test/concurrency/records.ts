import { setTimeout as delay } from 'node:timers/promises'
import type { Emulator, RunActionResult } from '@rehearse/bench'
import { heldLockRefs } from '../support/index.js'

/** Deployments the emulator holds for one environment and SHA. */
export function deploymentsOf(gh: Emulator, environment: string, sha: string) {
  return gh.state.deployments.filter(
    d => d.environment === environment && d.sha === sha
  )
}

/** The latest state of every deployment, by id. */
export function deploymentStates(gh: Emulator): Record<number, string> {
  const states: Record<number, string> = {}
  for (const d of gh.state.deployments) {
    const last = gh.state.deploymentStatuses
      .filter(s => s.deploymentId === d.id)
      .at(-1)
    states[d.id] = last?.state ?? 'none'
  }
  return states
}

/** `rehearse/*` commit statuses whose latest state is still pending. */
export function pendingStatuses(gh: Emulator): string[] {
  const latest = new Map<string, string>()
  for (const s of gh.state.commitStatuses) {
    if (s.context.startsWith('rehearse/'))
      latest.set(`${s.sha.slice(0, 7)} ${s.context}`, s.state)
  }
  return [...latest].filter(([, state]) => state === 'pending').map(([k]) => k)
}

/** The latest state of each `rehearse/<env>/*` status of a SHA. */
export function stageStates(
  gh: Emulator,
  sha: string,
  environment: string
): Record<string, string> {
  const prefix = `rehearse/${environment}/`
  const states: Record<string, string> = {}
  for (const s of gh.state.commitStatuses) {
    if (s.sha === sha && s.context.startsWith(prefix))
      states[s.context.slice(prefix.length)] = s.state
  }
  return states
}

/** Lock branches left holding a lock in the emulator. */
export function lockRefs(gh: Emulator): string[] {
  return heldLockRefs(gh)
}

/**
 * Lock-taking attempts a token lost: Rehearse reads the lock before it
 * writes (its own-lock check, then each attempt), so a run that read the
 * lock more than once and never wrote it found it taken.
 */
export function lostLockAttempts(gh: Emulator, token: string): number {
  const mine = (r: { token?: string; path: string; body: unknown }) =>
    r.token === token &&
    (r.path.includes('rehearse-lock') ||
      String((r.body as { ref?: string } | undefined)?.ref).includes(
        'rehearse-lock'
      ))
  const wrote = gh.requests.some(
    r => mine(r) && r.method !== 'GET' && (r.status ?? 500) < 300
  )
  const reads = gh.requests.filter(r => mine(r) && r.method === 'GET').length
  return wrote ? 0 : Math.max(0, reads - 1)
}

/**
 * Polls until `done` is true: waits on recorded state, never on a guess
 * of how long something takes. Fails after `limitMs` saying what it
 * waited for.
 */
export async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  limitMs = 120_000
): Promise<void> {
  const started = Date.now()
  while (!(await done())) {
    if (Date.now() - started > limitMs)
      throw new Error(`gave up waiting for ${what}`)
    await delay(50)
  }
}

/** Every error annotation of a run, one per line. */
export function errorsOf(result: RunActionResult): string {
  return result.annotations
    .filter(a => a.level === 'error')
    .map(a => a.message)
    .join('\n')
}
