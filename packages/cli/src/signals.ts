const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * An AbortSignal that the first SIGINT or SIGTERM aborts, so the running
 * step is stopped and its outcome recorded before rehearse exits. A second
 * signal exits at once (130), for when stopping hangs.
 */
export function abortOnSignals(notify: (message: string) => void): {
  signal: AbortSignal
  dispose: () => void
} {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      notify(`${name} again: exiting without waiting`)
      process.exit(130)
    }
    notify(`${name}: stopping the running step (again to exit at once)`)
    controller.abort(new Error(`received ${name}`))
  }
  for (const name of SIGNALS) process.on(name, onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, onSignal)
    }
  }
}
