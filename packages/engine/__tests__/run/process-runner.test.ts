import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createProcessRunner } from '../../src/run/process-runner.js'
import type { ProcessRunnerOptions } from '../../src/run/process-runner.js'
import { isRunning, makeWorkspace, pathOnly } from './helpers.js'

let workspace: ReturnType<typeof makeWorkspace>
beforeEach(() => {
  workspace = makeWorkspace()
})
afterEach(() => workspace.remove())

interface Run {
  command: string
  env?: Record<string, string>
  timeoutMs?: number
  signal?: AbortSignal
  onChunk?: (chunk: string) => void
  runner?: ProcessRunnerOptions
}

async function run({ command, env, timeoutMs, signal, onChunk, runner }: Run) {
  const chunks: { text: string; at: number }[] = []
  const started = Date.now()
  const result = await createProcessRunner(runner).run(command, {
    cwd: workspace.dir,
    env: env ?? pathOnly(),
    timeoutMs: timeoutMs ?? 10_000,
    signal,
    onOutput: text => {
      chunks.push({ text, at: Date.now() })
      onChunk?.(text)
    }
  })
  const output = chunks.map(chunk => chunk.text).join('')
  return { result, output, chunks, elapsed: Date.now() - started }
}

const firstPid = (output: string): number => Number(/\d+/.exec(output)?.[0])

describe('createProcessRunner', () => {
  it('runs the command with bash -e -o pipefail in the working directory', async () => {
    const { result, output } = await run({
      command: 'pwd; false | true; echo unreachable'
    })
    expect(output).toBe(`${workspace.dir}\n`)
    expect(result).toEqual({
      exitCode: 1,
      signal: null,
      timedOut: false,
      cancelled: false
    })
  })

  it('gives the process exactly the environment it is given', async () => {
    expect(process.env.HOME).toBeDefined()
    const { output } = await run({
      command: 'echo "$ONLY ${HOME-no home}"',
      env: { ...pathOnly(), ONLY: 'yes' }
    })
    expect(output).toBe('yes no home\n')
  })

  it('hands the command text to bash as is, expanding only variables', async () => {
    const { output } = await run({
      command: `printf '%s|' 'single $X' "double $X" "it's"`,
      env: { ...pathOnly(), X: 'x' }
    })
    expect(output).toBe(`single $X|double x|it's|`)
  })

  it('collects stdout and stderr, and returns the exit code', async () => {
    const { result, output } = await run({
      command: 'echo out; echo err >&2; exit 3'
    })
    expect(output.split('\n').sort()).toEqual(['', 'err', 'out'])
    expect(result.exitCode).toBe(3)
  })

  it('streams output while the command still runs', async () => {
    const { chunks, output } = await run({
      command: 'echo first; sleep 0.4; echo second'
    })
    expect(output).toBe('first\nsecond\n')
    const first = chunks.find(chunk => chunk.text.includes('first'))
    const second = chunks.find(chunk => chunk.text.includes('second'))
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(300)
  })

  it('stops the whole process tree when the timeout passes', async () => {
    const { result, output, elapsed } = await run({
      command: 'sleep 30 & echo $!; wait',
      timeoutMs: 300
    })
    expect(result).toEqual({
      exitCode: null,
      signal: 'SIGTERM',
      timedOut: true,
      cancelled: false
    })
    expect(isRunning(firstPid(output))).toBe(false)
    expect(elapsed).toBeLessThan(15_000) // vs the step's 30 s sleep
  })

  it('stops the whole process tree when the signal aborts', async () => {
    const controller = new AbortController()
    const { result, output, elapsed } = await run({
      command: 'sleep 30 & echo $!; wait',
      signal: controller.signal,
      onChunk: () => controller.abort()
    })
    expect(result).toMatchObject({ cancelled: true, timedOut: false })
    expect(isRunning(firstPid(output))).toBe(false)
    expect(elapsed).toBeLessThan(15_000) // vs the step's 30 s sleep
  })

  it('kills what ignores SIGTERM with SIGKILL once the grace has passed', async () => {
    const { result, output, elapsed } = await run({
      command: "trap '' TERM; sleep 30 & echo $!; wait",
      timeoutMs: 200,
      runner: { killGraceMs: 300 }
    })
    expect(result).toMatchObject({ signal: 'SIGKILL', timedOut: true })
    expect(isRunning(firstPid(output))).toBe(false)
    expect(elapsed).toBeGreaterThanOrEqual(450)
    expect(elapsed).toBeLessThan(15_000) // vs the step's 30 s sleep
  })

  it('starts nothing when the signal is already aborted', async () => {
    const { result } = await run({
      command: 'touch started',
      signal: AbortSignal.abort()
    })
    expect(result).toEqual({
      exitCode: null,
      signal: null,
      timedOut: false,
      cancelled: true
    })
    expect(existsSync(join(workspace.dir, 'started'))).toBe(false)
  })

  it('leaves a server started by a successful step running, without waiting for it', async () => {
    const { result, output, elapsed } = await run({
      command: 'sleep 30 & echo $!'
    })
    const server = firstPid(output)
    try {
      expect(result.exitCode).toBe(0)
      expect(elapsed).toBeLessThan(15_000) // vs the server's 30 s sleep
      expect(isRunning(server)).toBe(true)
    } finally {
      process.kill(server, 'SIGKILL')
    }
  })

  it('refuses a working directory that does not exist', async () => {
    const cwd = join(workspace.dir, 'missing')
    await expect(
      createProcessRunner().run('true', {
        cwd,
        env: pathOnly(),
        timeoutMs: 1000,
        onOutput: () => {}
      })
    ).rejects.toThrow(`working directory ${cwd} does not exist`)
  })

  it('says which shell could not be started', async () => {
    await expect(
      run({ command: 'true', runner: { shell: 'no-such-shell' } })
    ).rejects.toThrow('could not start no-such-shell')
  })
})
