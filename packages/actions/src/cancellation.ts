import * as core from '@actions/core'

let controller: AbortController | undefined

/**
 * The job's cancellation, one per process: the runner's SIGINT/SIGTERM
 * stops the running step and every GitHub request and retry wait at once,
 * so the process ends before the runner's SIGKILL and the post step
 * (which runs after cancellation too) finalizes what was left open.
 */
export function jobCancellation(): AbortSignal {
  if (!controller) {
    const created = new AbortController()
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        core.warning(`received ${signal}: stopping the running step`)
        created.abort()
      })
    }
    controller = created
  }
  return controller.signal
}

/**
 * Whether the runner cancelled the job (SIGINT/SIGTERM reached this
 * process): whatever failed after that failed because of it.
 */
export function wasCancelled(): boolean {
  return controller?.signal.aborted ?? false
}
