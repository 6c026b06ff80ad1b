import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { statSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ProcessResult, ProcessRunner } from '../ports.js'
import { terminateGroup } from './process-group.js'

/** Settings of {@link createProcessRunner}; the defaults suit real runs. */
export interface ProcessRunnerOptions {
  /** Time a stopped step gets to exit after SIGTERM before SIGKILL (5 s). */
  readonly killGraceMs?: number
  /** Shell binary, looked up on the step's own PATH (`bash`). */
  readonly shell?: string
  /**
   * How long to keep collecting output after the shell exits while a
   * background process still holds its stdout (200 ms).
   */
  readonly drainMs?: number
}

type RunOptions = Parameters<ProcessRunner['run']>[1]
type Settings = Required<ProcessRunnerOptions>

// setTimeout fires at once for delays above 2^31 - 1 ms (~24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Runs plan steps with `bash -e -o pipefail -c <run>`: the command text goes
 * to bash as one argument, never through another shell. The child gets
 * exactly `env`, runs in its own process group, and a timeout or an abort
 * stops the whole group (SIGTERM, then SIGKILL after the grace). A `timeoutMs`
 * that is not a positive finite number means no limit. Background processes
 * of a step that exits by itself are left running (a deploy may start a
 * server); they should redirect their output, which is read for `drainMs`
 * after the shell exits and then discarded.
 */
export function createProcessRunner(
  options: ProcessRunnerOptions = {}
): ProcessRunner {
  const settings: Settings = {
    killGraceMs: options.killGraceMs ?? 5000,
    shell: options.shell ?? 'bash',
    drainMs: options.drainMs ?? 200
  }
  return {
    run: (command, runOptions) => runCommand(command, runOptions, settings)
  }
}

async function runCommand(
  command: string,
  options: RunOptions,
  settings: Settings
): Promise<ProcessResult> {
  const { signal } = options
  if (signal?.aborted) {
    return { exitCode: null, signal: null, timedOut: false, cancelled: true }
  }
  assertDirectory(options.cwd)
  const child = spawn(settings.shell, ['-e', '-o', 'pipefail', '-c', command], {
    cwd: options.cwd,
    env: { ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = waitForExit(child, settings.shell)
  const closed = new Promise<void>(resolve => child.once('close', resolve))
  const output = { open: true }
  forward(child.stdout, options.onOutput, output)
  forward(child.stderr, options.onOutput, output)
  const stopper = armStopper(child.pid, options, settings.killGraceMs)
  let exit: Awaited<typeof exited>
  try {
    exit = await exited
  } finally {
    // First thing after the exit: a stop now would signal a group that may
    // hold nothing but a server the step started on purpose.
    stopper.disarm()
  }
  const reason = await stopper.stopped()
  await Promise.race([
    closed,
    sleep(settings.drainMs, undefined, { ref: false })
  ])
  detach(child, output)
  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut: reason === 'timeout',
    cancelled: reason === 'cancel'
  }
}

// Stops the process group on timeout or abort, whichever comes first.
function armStopper(
  pid: number | undefined,
  { timeoutMs, signal }: RunOptions,
  graceMs: number
): {
  disarm: () => void
  stopped: () => Promise<'timeout' | 'cancel' | undefined>
} {
  let reason: 'timeout' | 'cancel' | undefined
  let stopping: Promise<void> | undefined
  const stop = (why: 'timeout' | 'cancel'): void => {
    if (reason || pid === undefined) return
    reason = why
    stopping = terminateGroup(pid, graceMs)
  }
  const onAbort = (): void => stop('cancel')
  const timer = startTimer(timeoutMs, () => stop('timeout'))
  signal?.addEventListener('abort', onAbort, { once: true })
  return {
    disarm: () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    },
    stopped: async () => {
      await stopping
      return reason
    }
  }
}

// spawn reports a missing cwd as "spawn bash ENOENT", which blames bash.
function assertDirectory(cwd: string): void {
  let isDirectory = false
  try {
    isDirectory = statSync(cwd).isDirectory()
  } catch {
    // reported below
  }
  if (!isDirectory) throw new Error(`working directory ${cwd} does not exist`)
}

function waitForExit(
  child: ChildProcess,
  shell: string
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', error =>
      reject(new Error(`could not start ${shell}: ${error.message}`))
    )
  })
}

function startTimer(
  timeoutMs: number,
  onTimeout: () => void
): NodeJS.Timeout | undefined {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return undefined
  return setTimeout(onTimeout, Math.min(timeoutMs, MAX_TIMER_MS))
}

function forward(
  stream: Readable | null,
  onOutput: (chunk: string) => void,
  output: { open: boolean }
): void {
  // utf8 decoding keeps multi-byte characters whole across chunk boundaries.
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => {
    if (output.open) onOutput(chunk)
  })
}

// A background process that outlives the step may still hold the pipes.
// Keep reading (closing them would kill it with SIGPIPE on its next write),
// but discard, and let the pipes not keep Node alive.
function detach(child: ChildProcess, output: { open: boolean }): void {
  output.open = false
  for (const stream of [child.stdout, child.stderr]) {
    ;(stream as { unref?: () => void } | null)?.unref?.()
  }
}
