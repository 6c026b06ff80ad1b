import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { ConfigurationError } from '@rehearse/core'
import { createFileLedger } from '../src/ledger/file-ledger.js'
import { requestFor } from './support/ledger-fixtures.js'
import { finished, spawnTs } from './support/spawn-ts.js'

const WRITER = fileURLToPath(
  new URL('./support/ledger-writer.ts', import.meta.url)
)

let dir: string
let path: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rehearse-ledger-'))
  path = join(dir, 'ledger.json')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface LedgerFile {
  deployments: { id: string; environment: string; sha: string }[]
  stages: Record<string, unknown[]>
}

const readJson = async (): Promise<LedgerFile> =>
  JSON.parse(await readFile(path, 'utf8')) as LedgerFile

/** Resolves once the writer reports its first write (a line on stdout). */
function wroteOnce(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve())
    child.once('exit', code =>
      reject(new Error(`the writer exited (${code}) before writing`))
    )
  })
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawnTs(WRITER, [path, 'dead', '0'])
  await finished(child)
  return child.pid ?? 0
}

async function writeLock(owner: {
  pid: number
  acquiredAt: string
}): Promise<void> {
  await writeFile(
    `${path}.lock`,
    JSON.stringify({ ...owner, host: hostname(), token: 'someone-else' })
  )
}

describe('the file ledger across processes', () => {
  it('keeps every write of 10 concurrent writer processes, in a file that stays valid JSON', async () => {
    const writers = Array.from({ length: 10 }, (_, w) =>
      finished(spawnTs(WRITER, [path, `w${w}`, '8']))
    )
    const results = await Promise.all(writers)
    for (const result of results)
      expect(result).toMatchObject({ code: 0, stderr: '' })
    const data = await readJson()
    const own = data.deployments.filter(d => d.environment !== 'shared')
    expect(own).toHaveLength(80)
    expect(new Set(own.map(d => d.sha)).size).toBe(80)
    expect(
      data.deployments.filter(d => d.environment === 'shared')
    ).toHaveLength(1)
    expect(new Set(data.deployments.map(d => d.id)).size).toBe(81)
    expect(Object.keys(data.stages)).toHaveLength(80)
    expect(await readdir(dir)).toEqual(['ledger.json'])
  })

  it('takes over a lock whose holder has died', async () => {
    await writeLock({
      pid: await deadPid(),
      acquiredAt: new Date().toISOString()
    })
    const ledger = createFileLedger(path, { lock: { timeoutMs: 2000 } })
    await ledger.ensureDeployment(requestFor('staging', 'a1'))
    expect((await readJson()).deployments).toHaveLength(1)
    expect(await readdir(dir)).toEqual(['ledger.json'])
  })

  it('takes over a lock held longer than the stale limit, even by a live process', async () => {
    const longAgo = new Date(Date.now() - 60_000).toISOString()
    await writeLock({ pid: process.pid, acquiredAt: longAgo })
    const ledger = createFileLedger(path, { lock: { timeoutMs: 2000 } })
    await ledger.setStage('a1', {
      environment: 'staging',
      stage: 'deploy',
      state: 'success',
      description: ''
    })
    expect(await ledger.readStages('a1')).toHaveLength(1)
  })

  it('gives up on a fresh lock of a live process with a clear error after its deadline', async () => {
    await writeLock({ pid: process.pid, acquiredAt: new Date().toISOString() })
    const ledger = createFileLedger(path, { lock: { timeoutMs: 300 } })
    const error = await ledger
      .ensureDeployment(requestFor('staging', 'a1'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(
      new RegExp(`locked by process ${process.pid} .*delete the lock file`)
    )
    await expect(readFile(path)).rejects.toThrow(/ENOENT/)
  })

  it('keeps the old contents when a writer crashed mid-write, and cleans up after it', async () => {
    const ledger = createFileLedger(path)
    await ledger.ensureDeployment(requestFor('staging', 'a1'))
    const before = await readFile(path, 'utf8')
    // What a writer killed between writing its temp file and renaming it
    // leaves behind: a partial temp file, and its lock.
    await writeFile(
      `${path}.12345.0badf00d.tmp`,
      '{"format": "rehearse-ledger", "deploy'
    )
    await writeLock({
      pid: await deadPid(),
      acquiredAt: new Date().toISOString()
    })
    expect(await readFile(path, 'utf8')).toBe(before)
    expect((await ledger.findDeployment('staging', 'a1'))?.sha).toBe('a1')
    await ledger.ensureDeployment(requestFor('staging', 'b2'))
    expect((await readJson()).deployments.map(d => d.sha)).toEqual(['a1', 'b2'])
    expect(await readdir(dir)).toEqual(['ledger.json'])
  })

  it('stays valid and usable when writer processes are killed at random moments', async () => {
    await mkdir(dir, { recursive: true })
    let seen = 0
    for (let round = 0; round < 6; round += 1) {
      const child = spawnTs(WRITER, [path, `k${round}`, 'forever'])
      const done = finished(child)
      // Killed at a random moment of its writing, not of its start-up: a
      // loaded machine can take longer than any fixed delay to start it.
      await wroteOnce(child)
      await sleep(Math.random() * 300)
      child.kill('SIGKILL')
      await done
      const data = await readJson()
      expect(data.deployments.length).toBeGreaterThanOrEqual(seen)
      seen = data.deployments.length
    }
    expect(seen).toBeGreaterThan(0)
    const ledger = createFileLedger(path, { lock: { timeoutMs: 2000 } })
    await ledger.ensureDeployment(requestFor('staging', 'after'))
    expect((await readJson()).deployments.length).toBe(seen + 1)
    expect(await readdir(dir)).toEqual(['ledger.json'])
  })
})
