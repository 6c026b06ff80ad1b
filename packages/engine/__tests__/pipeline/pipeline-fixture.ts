import { mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { ConfigurationError } from '@rehearse/core'
import {
  createMemoryLedger,
  createMemoryLocks
} from '../../../../test/support/index.js'
import type {
  MemoryLedger,
  MemoryLocks
} from '../../../../test/support/index.js'
import { loadPlan } from '../../src/plan/load-plan.js'
import type { Plan } from '../../src/plan-types.js'
import type { ProcessRunner, Reporter } from '../../src/ports.js'
import type {
  PipelineDeps,
  Reach,
  StagePort,
  StageResult
} from '../../src/pipeline/types.js'

export const SHA = 'a'.repeat(40)
export const OTHER = 'b'.repeat(40)

/** A clock the test moves; sleeping moves it too (no real waiting). */
export function manualClock(start = Date.parse('2030-01-01T10:00:00Z')) {
  let now = start
  return {
    now: () => new Date(now),
    advance: (ms: number) => void (now += ms)
  }
}

/** A command's answer in a fake run: its exit code and what it prints. */
export type Answer = { exitCode?: number; output?: string }

/** The steps that ran, and the environment each saw. */
export function recordingRunner(
  answer: (command: string, env: Record<string, string>) => Answer = () => ({})
) {
  const ran: { command: string; env: Record<string, string> }[] = []
  const runner: ProcessRunner = {
    run: async (command, options) => {
      const env = { ...options.env }
      ran.push({ command, env })
      const { exitCode = 0, output } = answer(command, env)
      if (output) options.onOutput(output)
      return { exitCode, signal: null, timedOut: false, cancelled: false }
    }
  }
  return { runner, ran }
}

export function quietReporter(lines: string[] = []): Reporter {
  return {
    info: m => void lines.push(m),
    warning: m => void lines.push(`warning: ${m}`),
    error: m => void lines.push(`error: ${m}`),
    group: (_t, body) => body(),
    mask: () => undefined
  }
}

/** A repository with a plan (and executable scripts the plans name). */
export function planOf(text: string, environment = 'staging'): Plan {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'rehearse-pipe-')))
  const script = '#!/bin/sh\necho step\n'
  for (const [path, content] of Object.entries({
    '.github/rehearse.yml': text,
    'deploy.sh': script,
    'switch.sh': script,
    'traffic.sh': script,
    'rollback.sh': script,
    'metric.sh': script
  })) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true })
    writeFileSync(join(workspace, path), content, { mode: 0o755 })
  }
  return Object.assign(
    loadPlan({ workspace, file: '.github/rehearse.yml', environment }),
    { workspace }
  ) as Plan & { workspace: string }
}

/** What a fake stage did: calls in order, across stages. */
export type Journal = string[]

/**
 * A stage port for engine tests: records prepare/run in the journal,
 * reaches what it is told, ends as told (or throws).
 */
export function fakeStage(
  name: 'migrations' | 'smoke',
  journal: Journal,
  behaviour: {
    reaches?: Reach[]
    result?: Partial<StageResult>
    /** The result for the URL the stage runs against (slots, canary). */
    judge?: (url: string | undefined) => Partial<StageResult>
    throws?: Error
    verify?: () => Promise<void>
  } = {}
): StagePort {
  return {
    name,
    defines: () => true,
    prepare: async () => {
      journal.push(`prepare ${name}`)
      return {
        reaches: behaviour.reaches ?? [],
        records: true,
        activity: `${name}…`,
        verify: behaviour.verify,
        run: async ({ url }) => {
          journal.push(behaviour.judge ? `run ${name} ${url}` : `run ${name}`)
          if (behaviour.throws) throw behaviour.throws
          return {
            status: 'success',
            description: `${name} ok`,
            summary: '',
            ...behaviour.result,
            ...behaviour.judge?.(url)
          }
        }
      }
    }
  }
}

export const userError = (message: string) =>
  new ConfigurationError(message, { reason: 'migration_failed' })

/** Ports in memory, wired like GitHub's or the CLI's. */
export function memoryDeps(
  overrides: Partial<PipelineDeps> & {
    answer?: Parameters<typeof recordingRunner>[0]
  } = {}
): PipelineDeps & {
  ledger: MemoryLedger
  locks: MemoryLocks
  clock: ReturnType<typeof manualClock>
  lines: string[]
  ran: ReturnType<typeof recordingRunner>['ran']
} {
  const clock = manualClock()
  const lines: string[] = []
  const { runner, ran } = recordingRunner(overrides.answer)
  return {
    ledger: createMemoryLedger({ clock }),
    locks: createMemoryLocks({ clock }),
    source: {
      headSha: async () => SHA,
      treeOf: async (sha: string) => `tree-of-${sha}`,
      isOnDefaultBranch: async () => true
    },
    runner,
    reporter: quietReporter(lines),
    clock,
    baseEnv: {},
    runId: 'run-1',
    actor: 'alice',
    sleep: async (ms: number) => clock.advance(ms),
    lines,
    ran,
    ...overrides
  } as never
}
