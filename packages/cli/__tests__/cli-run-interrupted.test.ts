import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GitRepo } from '@rehearse/bench'
import {
  BIN,
  createPlanRepo,
  readLedgerFile,
  rehearse
} from './support/cli-repo.js'
import { finished, spawnTs } from './support/spawn-ts.js'

const REGISTER = fileURLToPath(
  new URL('../../../scripts/ts/register-ts.mjs', import.meta.url)
)

let repo: GitRepo
let stepPid: number | undefined

beforeEach(async () => {
  repo = await createPlanRepo()
  stepPid = undefined
})

afterEach(async () => {
  // The killed run could not stop its step: end it here.
  if (stepPid) {
    try {
      process.kill(stepPid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  await repo.dispose()
})

describe('rehearse run, interrupted', () => {
  it('after kill -9, the next run is not locked out and the dead run is not left in progress', async () => {
    await writeFile(join(repo.dir, 'hang'), '')
    const child = spawnTs(BIN, ['run', '--env', 'staging'], { cwd: repo.dir })
    const done = finished(child)
    await new Promise<void>(resolve => {
      let out = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        out += String(chunk)
        if (out.includes('waiting')) resolve()
      })
    })
    stepPid = Number(await readFile(join(repo.dir, 'step.pid'), 'utf8'))
    child.kill('SIGKILL')
    expect((await done).signal).toBe('SIGKILL')
    await rm(join(repo.dir, 'hang'))

    const next = await rehearse(['run', '--env', 'staging'], repo.dir)
    expect(next.stderr).not.toMatch(/environment_locked/)
    expect(next.code).toBe(0)
    const states = readLedgerFile(repo).deployments[0]?.history.map(
      h => h.state
    )
    expect(states?.[0]).toBe('in_progress')
    expect(['failure', 'error']).toContain(states?.[1])
    expect(states?.slice(-2)).toEqual(['in_progress', 'success'])
    expect((await rehearse(['status'], repo.dir)).stdout).toMatch(
      /Locks: none\.\n$/
    )
  })

  it('finishes and records the deploy behind `| head -1`, exiting 0 without an EPIPE trace', async () => {
    await writeFile(join(repo.dir, 'loud'), '')
    const script = `"${process.execPath}" --import "${REGISTER}" "${BIN}" run --env staging | head -1; echo "rehearse exited $\{PIPESTATUS[0]}" >&2`
    const shell = spawn('bash', ['-c', script], {
      cwd: repo.dir,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const result = await finished(shell)
    expect(result.stdout).toMatch(/^Running \w{7} \(main\) in staging .*\n$/)
    expect(result.stderr).toBe('rehearse exited 0\n')
    const ledger = readLedgerFile(repo)
    expect(ledger.deployments[0]?.history.map(h => h.state)).toEqual([
      'in_progress',
      'success'
    ])
    const head = await repo.head()
    expect(ledger.stages[head]?.at(-1)?.state).toBe('success')
  })
})
