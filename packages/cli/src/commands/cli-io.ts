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

/** The real process: its cwd, environment and streams. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: text => void process.stdout.write(text),
    stderr: text => void process.stderr.write(text),
    signal
  }
}
