import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { escalate, type JobCancellation } from './cancel.js'
import type { CommandProcessor, StepRecord } from './command-processor.js'
import { applyFileCommands } from './step-files.js'
import { readFileCommand } from './file-commands.js'
import { findSecrets } from '../secret-forms.js'
import { createFileCommands, FILE_COMMANDS } from './file-commands.js'
import type { CancelSignal, KillGrace, StepResult } from './types.js'

/** Everything needed to run one script of the action as its own process. */
export interface StepSpec {
  record: StepRecord
  script: string
  node: string
  cwd: string
  /** The full environment minus the file-command paths. */
  env: Record<string, string>
  commandDir: string
  processor: CommandProcessor
  timeoutMs: number
  grace: KillGrace
  cancellation: JobCancellation
  /** Re-evaluated on cancellation: `always()` steps keep running. */
  stopOnCancel: () => boolean
  onLine?: (line: string) => void
}

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * Runs `node <script>` like the runner's NodeScriptActionHandler: fresh
 * command files, both streams read line by line for workflow commands,
 * cancellation and timeout by SIGINT → SIGTERM → SIGKILL, then the command
 * files applied once the process is gone.
 */
export async function runStep(spec: StepSpec): Promise<StepResult> {
  const { record, processor } = spec
  const files = await createFileCommands(spec.commandDir, randomUUID())
  const env = { ...spec.env }
  for (const [name, file] of Object.entries(files)) {
    env[FILE_COMMANDS[name as keyof typeof FILE_COMMANDS].env] = file
  }
  const started = performance.now()
  const child = spawn(spec.node, [spec.script], {
    cwd: spec.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so SIGKILL can take the whole tree down.
    detached: true
  })
  const onLine = (line: string): void => {
    spec.onLine?.(line)
    processor.processLine(record, line)
  }
  const stdout = collect(child.stdout as Readable, onLine)
  const stderr = collect(child.stderr as Readable, onLine)
  const stop = watchForStop(child, spec)
  let exit: Exit
  try {
    exit = await waitForExit(child, spec.node)
  } finally {
    stop.dispose()
  }
  await settle(child)
  if (stop.timedOut) {
    const message = `The action has timed out after ${spec.timeoutMs} ms.`
    processor.addIssue(record, 'error', message)
  }
  const summary = await applyFileCommands(record, files, processor)
  const secretLeaks = findSecrets(
    {
      // What the runner does not mask: outputs, state, the summary as
      // written (masked only on upload), and encoded forms in the log.
      ...prefixed('output', record.outputs),
      ...prefixed('state', record.state),
      summary: await readFileCommand(files.step_summary),
      log: maskedPlain(stdout() + stderr(), processor)
    },
    processor.secrets
  )
  return {
    stage: record.stage,
    outcome: outcomeOf(exit, record, stop),
    exitCode: exit.code,
    signal: exit.signal,
    stdout: stdout(),
    stderr: stderr(),
    log: record.lines.join('\n'),
    annotations: record.annotations,
    ...{ outputs: record.outputs, state: record.state, env: record.env },
    ...{ path: record.path, summary },
    durationMs: Math.round(performance.now() - started),
    signalsSent: stop.sent,
    endedBy: stop.sent[stop.sent.length - 1],
    timedOut: stop.timedOut,
    secretLeaks
  }
}

const prefixed = (kind: string, values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [`${kind} ${name}`, value])
  )

// The runner masks a secret's plain, JSON and URL forms in the log; what
// remains after that (base64) is a leak.
const maskedPlain = (log: string, processor: CommandProcessor): string =>
  processor.mask(log)

function outcomeOf(
  exit: Exit,
  record: StepRecord,
  stop: { cancelled: boolean; timedOut: boolean }
): StepResult['outcome'] {
  if (stop.timedOut) return 'failure'
  if (stop.cancelled) return 'cancelled'
  if (exit.code !== 0 || exit.signal !== null) return 'failure'
  return record.failed ? 'failure' : 'success'
}

function watchForStop(child: ChildProcess, spec: StepSpec) {
  const state = {
    sent: [] as CancelSignal[],
    cancelled: false,
    timedOut: false,
    dispose: () => {}
  }
  let clearEscalation: (() => void) | undefined
  const begin = (): void => {
    clearEscalation ??= escalate(child, spec.grace, state.sent)
  }
  const onCancel = (): void => {
    if (!spec.stopOnCancel() || state.timedOut) return
    state.cancelled = true
    begin()
  }
  const unsubscribe = spec.cancellation.onCancel(onCancel)
  const timer = setTimeout(() => {
    if (state.cancelled) return
    state.timedOut = true
    begin()
  }, spec.timeoutMs)
  state.dispose = () => {
    unsubscribe()
    clearTimeout(timer)
    clearEscalation?.()
  }
  return state
}

function waitForExit(child: ChildProcess, node: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once('error', error => {
      reject(new Error(`cannot start ${node}: ${error.message}`))
    })
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
}

// Output still buffered when the process exits is delivered before 'close';
// a grandchild holding the pipes open must not hang the bench, though.
async function settle(child: ChildProcess): Promise<void> {
  if (child.stdout?.readableEnded && child.stderr?.readableEnded) return
  const closed = new Promise(resolve => child.once('close', resolve))
  await Promise.race([closed, delay(2000)])
  child.stdout?.destroy()
  child.stderr?.destroy()
}

/**
 * Splits a stream into lines as .NET's reader does (LF, CRLF or a lone CR
 * ends a line) and keeps the raw text.
 */
function collect(stream: Readable, onLine: (line: string) => void) {
  const chunks: string[] = []
  let pending = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    chunks.push(chunk)
    pending += chunk
    // A CR at the end may be the first half of a CRLF.
    const holdCr = pending.endsWith('\r')
    const parts = (holdCr ? pending.slice(0, -1) : pending).split(/\r\n|\n|\r/)
    pending = (parts.pop() ?? '') + (holdCr ? '\r' : '')
    parts.forEach(onLine)
  })
  stream.on('end', () => {
    const last = pending.replace(/\r$/, '')
    pending = ''
    if (last !== '') onLine(last)
  })
  return () => chunks.join('')
}
