import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PlanStep } from '../../src/plan-types.js'
import type { Clock } from '../../src/ports.js'
import { createProcessRunner } from '../../src/run/process-runner.js'
import { runPlanSteps } from '../../src/run/run-plan-steps.js'
import type { RunContext } from '../../src/run/types.js'
import {
  PREVIOUS_SHA,
  SHA,
  context,
  environment,
  isRunning,
  makeWorkspace,
  pathOnly,
  record,
  step
} from './helpers.js'
import type { Recording } from './helpers.js'

let workspace: ReturnType<typeof makeWorkspace>
beforeEach(() => {
  workspace = makeWorkspace()
})
afterEach(() => workspace.remove())

interface Options {
  context?: RunContext
  recording?: Recording
  signal?: AbortSignal
  clock?: Clock
  baseEnv?: Record<string, string>
}

async function runSteps(steps: PlanStep[], options: Options = {}) {
  const recording = options.recording ?? record()
  const result = await runPlanSteps(
    steps,
    options.context ?? context(workspace.dir),
    {
      runner: createProcessRunner(),
      reporter: recording.reporter,
      clock: options.clock,
      signal: options.signal,
      baseEnv: options.baseEnv ?? pathOnly(),
      artifact: 'ghcr.io/acme/shop:${{ sha }}'
    }
  )
  return { result, ...recording, finishedAt: Date.now() }
}

const pidIn = (lines: string[], marker: string): number =>
  Number(/(\d+)/.exec(lines.find(line => line.includes(marker)) ?? '')?.[1])

describe('runPlanSteps', () => {
  it('runs the steps in order, in groups, with the REHEARSE_* variables', async () => {
    const { result, lines } = await runSteps([
      step(
        'identity',
        'echo "$REHEARSE_ENVIRONMENT $REHEARSE_SHA $REHEARSE_REF"'
      ),
      step(
        'release',
        'echo "$REHEARSE_ARTIFACT $REHEARSE_URL $REHEARSE_PREVIOUS_SHA"'
      )
    ])
    expect(result.status).toBe('success')
    expect(result.steps.map(s => [s.name, s.status, s.exitCode])).toEqual([
      ['identity', 'success', 0],
      ['release', 'success', 0]
    ])
    expect(lines).toEqual([
      '▶ identity',
      `  staging ${SHA} main`,
      expect.stringMatching(/^Step "identity" succeeded in \d+ ms$/),
      '▶ release',
      `  ghcr.io/acme/shop:${SHA} https://staging.example.com ${PREVIOUS_SHA}`,
      expect.stringMatching(/^Step "release" succeeded in \d+ ms$/)
    ])
  })

  it('lets step env override environment env override the base env, and none override REHEARSE_*', async () => {
    const env = { REGION: 'eu', REPLICAS: '1', REHEARSE_SHA: 'forged' }
    const { result, lines } = await runSteps(
      [
        step('show', 'echo "$REGION $REPLICAS $HOSTNAME_ $REHEARSE_SHA"', {
          env: { REGION: 'us', REHEARSE_REF: 'forged' }
        })
      ],
      {
        context: context(workspace.dir, { environment: environment({ env }) }),
        baseEnv: { ...pathOnly(), REPLICAS: 'base', HOSTNAME_: 'base' }
      }
    )
    expect(result.status).toBe('success')
    expect(lines).toContain(`  us 1 base ${SHA}`)
    expect(lines).toContain(
      'warning: REHEARSE_SHA of environment "staging" is ignored: Rehearse sets it for every step'
    )
    expect(lines).toContain(
      'warning: REHEARSE_REF of step "show" is ignored: Rehearse sets it for every step'
    )
  })

  it('streams each line as soon as it is printed, before the step ends', async () => {
    const { lines, times, finishedAt } = await runSteps([
      step('slow', 'echo first; sleep 0.5; echo second')
    ])
    const first = times[lines.indexOf('  first')]!
    expect(lines).toContain('  second')
    expect(finishedAt - first).toBeGreaterThanOrEqual(400)
  })

  it('reports a line written in several pieces once, and the unterminated tail', async () => {
    const { lines } = await runSteps([
      step('pieces', "printf 'par'; sleep 0.1; printf 'tial\\nno newline'")
    ])
    expect(lines.slice(1, 3)).toEqual(['  partial', '  no newline'])
  })

  it('stops at the first failing step, with its exit code, and skips the rest', async () => {
    const { result, lines } = await runSteps([
      step('ok', 'true'),
      step('broken', 'echo trying; exit 3'),
      step('never', 'touch never-ran')
    ])
    expect(result.status).toBe('failure')
    expect(result.steps.map(s => [s.name, s.status, s.exitCode])).toEqual([
      ['ok', 'success', 0],
      ['broken', 'failure', 3],
      ['never', 'skipped', null]
    ])
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^error: Step "broken" failed with exit code 3 after \d+ ms$/
      )
    )
    expect(lines).toContain('Step "never" skipped: an earlier step failed')
    expect(existsSync(join(workspace.dir, 'never-ran'))).toBe(false)
  })

  it('stops a step that exceeds its timeout, background grandchild included', async () => {
    const { result, lines } = await runSteps([
      step('hangs', 'sleep 30 & echo "child $!"; wait', {
        timeoutMinutes: 0.005
      }),
      step('never', 'true')
    ])
    expect(result.status).toBe('failure')
    expect(result.steps.map(s => s.status)).toEqual(['timed_out', 'skipped'])
    expect(result.steps[0]!.durationMs).toBeLessThan(15_000) // vs 30 s
    expect(isRunning(pidIn(lines, 'child'))).toBe(false)
    expect(lines).toContain('error: Step "hangs" timed out after 300 ms')
  })

  it('cancels mid-step: stops its process tree, marks it cancelled and skips the rest', async () => {
    const controller = new AbortController()
    const recording = record(line => {
      if (line.includes('child')) controller.abort()
    })
    const { result, lines } = await runSteps(
      [
        step('first', 'true'),
        step('long', 'sleep 30 & echo "child $!"; wait'),
        step('never', 'true')
      ],
      { recording, signal: controller.signal }
    )
    expect(result.status).toBe('cancelled')
    expect(result.steps.map(s => s.status)).toEqual([
      'success',
      'cancelled',
      'skipped'
    ])
    expect(result.durationMs).toBeLessThan(15_000) // vs 30 s
    expect(isRunning(pidIn(lines, 'child'))).toBe(false)
    expect(lines).toContainEqual(
      expect.stringMatching(/^warning: Step "long" was cancelled after \d+ ms$/)
    )
    expect(lines).toContain('Step "never" skipped: the run was cancelled')
  })

  it('runs nothing when cancelled before it starts', async () => {
    const { result } = await runSteps([step('a', 'true'), step('b', 'true')], {
      signal: AbortSignal.abort()
    })
    expect(result.status).toBe('cancelled')
    expect(result.steps.map(s => s.status)).toEqual(['skipped', 'skipped'])
  })

  it('times steps and the run with the injected clock', async () => {
    const frozen: Clock = { now: () => new Date('2030-01-01T00:00:00Z') }
    const { result } = await runSteps([step('nap', 'sleep 0.05')], {
      clock: frozen
    })
    expect(result.durationMs).toBe(0)
    expect(result.steps[0]!.durationMs).toBe(0)
  })

  it('fails a step that cannot start and says why', async () => {
    const missing = join(workspace.dir, 'gone')
    const { result, lines } = await runSteps([step('deploy', 'true')], {
      context: context(missing)
    })
    expect(result.steps[0]).toMatchObject({ status: 'failure', exitCode: null })
    expect(lines).toContain(
      `error: Step "deploy" could not start: working directory ${missing} does not exist`
    )
  })
})
