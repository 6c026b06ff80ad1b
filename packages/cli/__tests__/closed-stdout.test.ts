import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GitRepo } from '@rehearse/bench'
import { BIN, createPlanRepo, readLedgerFile } from './support/cli-repo.js'
import { payloadFor } from './support/ledger-fixtures.js'
import { spawnTs } from './support/spawn-ts.js'

const REGISTER = fileURLToPath(
  new URL('../../../scripts/ts/register-ts.mjs', import.meta.url)
)

let repo: GitRepo

beforeEach(async () => {
  repo = await createPlanRepo()
})

afterEach(async () => {
  await repo.dispose()
})

/**
 * A ledger with 1000 staging deployments of three attempts each: `history
 * --limit 5000` prints some 250 KB, far more than a pipe buffers.
 */
async function bigLedger(): Promise<void> {
  const start = Date.parse('2024-01-01T00:00:00Z')
  const at = (n: number): string => new Date(start + n * 1000).toISOString()
  const deployments = Array.from({ length: 1000 }, (_, i) => {
    const sha = i.toString(16).padStart(40, '0')
    return {
      id: String(i + 1),
      environment: 'staging',
      sha,
      production: false,
      transient: false,
      description: 'seeded',
      payload: payloadFor(sha, 'alice'),
      createdAt: at(i * 10),
      history: [0, 1, 2].flatMap(k => [
        { state: 'in_progress', at: at(i * 10 + k * 3) },
        { state: 'success', at: at(i * 10 + k * 3 + 2) }
      ])
    }
  })
  await mkdir(join(repo.dir, '.rehearse'), { recursive: true })
  await writeFile(
    join(repo.dir, '.rehearse', 'ledger.json'),
    JSON.stringify({
      format: 'rehearse-ledger',
      version: 1,
      nextId: 1001,
      deployments,
      stages: {}
    })
  )
}

describe('a reader that stops reading', () => {
  it('lets rehearse finish quietly with its own exit code when stdout closes after the first chunk', async () => {
    await bigLedger()
    const child = spawnTs(BIN, ['history', 'staging', '--limit', '5000'], {
      cwd: repo.dir
    })
    let stderr = ''
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const first = new Promise<string>(resolve =>
      child.stdout?.once('data', (chunk: Buffer) => {
        // The read side goes away: every later write of the child fails.
        child.stdout?.destroy()
        resolve(String(chunk))
      })
    )
    const exit = new Promise<number | null>(resolve =>
      child.once('close', code => resolve(code))
    )
    expect(await first).toMatch(/^Deployments of staging/)
    expect(await exit).toBe(0)
    expect(stderr).toBe('')
  })

  it('exits 0 without an EPIPE trace behind `| head -1`, and the ledger is untouched', async () => {
    await bigLedger()
    const before = readLedgerFile(repo).deployments.length
    const script = `"${process.execPath}" --import "${REGISTER}" "${BIN}" history staging --limit 5000 | head -1; echo "rehearse exited $\{PIPESTATUS[0]}" >&2`
    const shell = spawn('bash', ['-c', script], {
      cwd: repo.dir,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    shell.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    shell.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const code = await new Promise(resolve => shell.once('close', resolve))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Deployments of staging, newest first .*\n$/)
    expect(stderr).toBe('rehearse exited 0\n')
    expect(readLedgerFile(repo).deployments).toHaveLength(before)
  })
})
