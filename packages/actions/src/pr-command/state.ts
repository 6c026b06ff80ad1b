import * as core from '@actions/core'
import type { HeldLock } from '@rehearse/engine'

/** What main leaves for post: enough to report and clean up alone. */
export interface CommandState {
  readonly kind: 'deploy' | 'noop' | 'rollback'
  readonly environment: string
  readonly sha: string
  readonly ref: string | undefined
  readonly login: string
  readonly prNumber: number
  readonly commentId: number
  readonly prefix: string
  readonly environmentUrl: string | undefined
  /** When main accepted the command (ISO 8601). */
  readonly acceptedAt: string
  /** The `rehearse/<env>/deploy` description main set while queued. */
  readonly queuedDescription: string | undefined
  /** This run's lock, until post releases it. */
  readonly lock: HeldLock | undefined
  /** Whether later steps were told to run (`continue=true`). */
  readonly accepted: boolean
}

const KEY = 'command'

/** Saved at once, so a cancelled main still leaves post what to clean up. */
export function saveCommandState(state: CommandState): void {
  core.saveState(KEY, JSON.stringify(state))
}

/** What main saved, if it got as far as a deploy command. */
export function loadCommandState(): CommandState | undefined {
  const saved = core.getState(KEY)
  if (!saved) return undefined
  return JSON.parse(saved) as CommandState
}
