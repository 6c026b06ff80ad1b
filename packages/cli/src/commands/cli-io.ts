/** The outside world of one CLI invocation, injected so tests and the demo can drive it. */
export interface CliIo {
  /** Where rehearse was started; the repository is found from here. */
  readonly cwd: string
  /** Variables the plan's steps inherit (PATH, HOME, secrets). */
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** Aborted on SIGINT/SIGTERM: the running step is stopped. */
  readonly signal?: AbortSignal
}

type Streams = Pick<CliIo, 'stdout' | 'stderr'>

/** The real process: its cwd, environment and streams. */
export function processIo(
  signal?: AbortSignal,
  streams: Streams = processStreams()
): CliIo {
  return { cwd: process.cwd(), env: process.env, ...streams, signal }
}

/** Writers to the process's stdout and stderr that survive a closed reader. */
export function processStreams(): Streams {
  const stderr = closableWriter(process.stderr, () => undefined)
  const stdout = closableWriter(process.stdout, error =>
    stderr(`rehearse: stopped writing to stdout: ${error.message}\n`)
  )
  return { stdout, stderr }
}

/**
 * Writes to `stream` until it fails, then drops what follows. A reader
 * that closed early (`rehearse … | head -1`, a pager that quit) makes
 * writes fail with EPIPE; Node would throw that as an unhandled 'error'
 * event and kill the process mid-deploy. The command instead runs to its
 * end, records its outcome and exits with its own code; only its output
 * is lost, which the reader said it did not want. Other write errors are
 * told on the other stream.
 */
export function closableWriter(
  stream: NodeJS.WritableStream & { readonly destroyed?: boolean },
  onError: (error: NodeJS.ErrnoException) => void
): (text: string) => void {
  let open = true
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!open) return
    open = false
    if (error.code !== 'EPIPE') onError(error)
  })
  return text => {
    if (open && stream.destroyed !== true) stream.write(text)
  }
}
