import type { ChildProcess } from 'node:child_process'
import type {
  AbortSignalLike,
  CancelAfter,
  CancelSignal,
  KillGrace
} from './types.js'

/** The runner's ProcessInvoker: SIGINT, 7.5 s, SIGTERM, 2.5 s, SIGKILL. */
export const RUNNER_KILL_GRACE: Readonly<KillGrace> = {
  sigintMs: 7500,
  sigtermMs: 2500
}

/**
 * Stops a step process the way the runner cancels one. SIGINT and SIGTERM
 * go to the process only (the action may forward them); SIGKILL goes to its
 * whole process group, as the runner kills the process tree. The child must
 * have been spawned `detached` so that it leads its own group.
 * Returns a function that clears the pending escalations.
 */
export function escalate(
  child: ChildProcess,
  grace: KillGrace,
  sent: CancelSignal[]
): () => void {
  const timers: NodeJS.Timeout[] = []
  // A grace of 0 sends the next signal at once, in the same tick: the
  // process cannot exit in between, so a test that needs the kill gets it
  // whatever the machine's load (a 1 ms timer can lose that race).
  const after = (ms: number, next: () => void) => {
    if (ms <= 0) next()
    else timers.push(setTimeout(next, ms))
  }
  send(child, 'SIGINT', sent)
  after(grace.sigintMs, () => {
    send(child, 'SIGTERM', sent)
    after(grace.sigtermMs, () => send(child, 'SIGKILL', sent))
  })
  return () => timers.forEach(timer => clearTimeout(timer))
}

function send(
  child: ChildProcess,
  signal: CancelSignal,
  sent: CancelSignal[]
): void {
  if (child.exitCode !== null || child.signalCode !== null) return
  sent.push(signal)
  if (signal === 'SIGKILL' && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL')
      return
    } catch {
      // Not a group leader (or already gone): fall back to the process.
    }
  }
  child.kill(signal)
}

/**
 * The job's cancellation: fed by an AbortSignal-like object, or armed by
 * the main step (`afterMs` from its start, or after a matching line).
 */
export class JobCancellation {
  #cancelled = false
  readonly #listeners = new Set<() => void>()
  readonly #cleanups: Array<() => void> = []
  readonly #trigger: CancelAfter | undefined

  constructor(option: CancelAfter | AbortSignalLike | undefined) {
    if (option && isAbortSignalLike(option)) {
      const abort = (): void => this.cancel()
      if (option.aborted) this.#cancelled = true
      option.addEventListener('abort', abort)
      this.#cleanups.push(() => option.removeEventListener('abort', abort))
    } else {
      this.#trigger = option
    }
  }

  get cancelled(): boolean {
    return this.#cancelled
  }

  cancel(): void {
    if (this.#cancelled) return
    this.#cancelled = true
    for (const listener of [...this.#listeners]) listener()
  }

  /** Calls `listener` on cancellation; returns the unsubscribe function. */
  onCancel(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Starts the `afterMs`/`whenLine` trigger; returns a line observer. */
  armForMain(): (line: string) => void {
    const trigger = this.#trigger
    if (!trigger) return () => {}
    const fire = (): void => {
      const timer = setTimeout(() => this.cancel(), trigger.afterMs ?? 0)
      this.#cleanups.push(() => clearTimeout(timer))
    }
    if (trigger.whenLine === undefined) {
      fire()
      return () => {}
    }
    const pattern = trigger.whenLine
    let armed = true
    return line => {
      const matches =
        typeof pattern === 'string'
          ? line.includes(pattern)
          : pattern.test(line)
      if (armed && matches) {
        armed = false
        fire()
      }
    }
  }

  dispose(): void {
    this.#listeners.clear()
    for (const cleanup of this.#cleanups.splice(0)) cleanup()
  }
}

function isAbortSignalLike(value: object): value is AbortSignalLike {
  return (
    'aborted' in value &&
    typeof (value as AbortSignalLike).addEventListener === 'function'
  )
}
