import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PlanEnvironment, PlanStep } from '../../src/plan-types.js'
import type { Reporter } from '../../src/ports.js'
import { createConsoleReporter } from '../../src/run/console-reporter.js'
import type { RunContext } from '../../src/run/types.js'

export const SHA = '0123456789abcdef0123456789abcdef01234567'
export const PREVIOUS_SHA = 'fedcba9876543210fedcba9876543210fedcba98'

/** What every spawned shell needs to find bash and coreutils. */
export const pathOnly = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin'
})

/** A fresh, real directory (symlinks resolved, so `pwd` matches it). */
export function makeWorkspace(): { dir: string; remove: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rehearse-run-')))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * Whether the process still runs. A zombie has exited: it only waits for
 * init to reap it, which this machine's init does every few seconds.
 */
export function isRunning(pid: number): boolean {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return false
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  return state !== 'Z' && state !== 'X'
}

export function environment(
  overrides: Partial<PlanEnvironment> = {}
): PlanEnvironment {
  return {
    name: 'staging',
    url: 'https://staging.example.com',
    env: {},
    requires: [],
    soakMinutes: 0,
    production: false,
    transient: false,
    hosts: [],
    slots: undefined,
    autoRollback: false,
    rollbackMaxSeconds: undefined,
    perPr: false,
    maxIdleDays: undefined,
    ...overrides
  }
}

export function context(
  workspace: string,
  overrides: Partial<RunContext> = {}
): RunContext {
  return {
    workspace,
    environment: environment(),
    sha: SHA,
    ref: 'main',
    previousSha: PREVIOUS_SHA,
    ...overrides
  }
}

export function step(
  name: string,
  run: string,
  overrides: Partial<PlanStep> = {}
): PlanStep {
  return { name, run, timeoutMinutes: 1, env: {}, ...overrides }
}

export interface Recording {
  readonly reporter: Reporter
  /** Every printed line, without its newline. */
  readonly lines: string[]
  /** When each line was printed (Date.now()), same index as `lines`. */
  readonly times: number[]
}

/** The console reporter, printing into an array; `onLine` sees each line. */
export function record(onLine: (line: string) => void = () => {}): Recording {
  const lines: string[] = []
  const times: number[] = []
  const reporter = createConsoleReporter(text => {
    for (const line of text.replace(/\n$/, '').split('\n')) {
      lines.push(line)
      times.push(Date.now())
      onLine(line)
    }
  })
  return { reporter, lines, times }
}
