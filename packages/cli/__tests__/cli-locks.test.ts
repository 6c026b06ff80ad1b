import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GitRepo } from '@rehearse/bench'
import { createPlanRepo, rehearse } from './support/cli-repo.js'
import { finished, spawnTs } from './support/spawn-ts.js'

const HOLDER = fileURLToPath(
  new URL('./support/lock-holder.ts', import.meta.url)
)

let repo: GitRepo
const children: ChildProcess[] = []
const me = (() => {
  try {
    return userInfo().username || 'local'
  } catch {
    return 'local'
  }
})()

beforeEach(async () => {
  repo = await createPlanRepo()
})

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  await repo.dispose()
})

const locksPath = (): string => join(repo.dir, '.rehearse', 'locks.json')
const noStack = (text: string): void => expect(text).not.toMatch(/^\s+at /m)

/** A process holding staging's run lock in the repository, as `rehearse run` would. */
async function runningDeploy() {
  await mkdir(join(repo.dir, '.rehearse'), { recursive: true })
  const child = spawnTs(HOLDER, [locksPath(), 'staging'])
  children.push(child)
  const done = finished(child)
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /^locked cli:.+:(\d+):/.exec(String(chunk))
      if (match) resolve(Number(match[1]))
    })
    void done.then(result => reject(new Error(JSON.stringify(result))))
  })
  return { child, done, pid }
}

describe('rehearse lock and unlock', () => {
  it('holds an environment for the local user with a reason, shows it in status, and releases it', async () => {
    const locked = await rehearse(
      ['lock', 'staging', '--reason', 'db maintenance'],
      repo.dir
    )
    expect(locked.stderr).toBe('')
    expect(locked.code).toBe(0)
    expect(locked.stdout).toMatch(
      new RegExp(
        `^staging is locked by @${me}: "db maintenance" \\(since \\d{4}-.*, until unlocked\\)\\.\\nEveryone else's runs and promotions of staging are refused until: rehearse unlock staging\\n$`
      )
    )
    const again = await rehearse(['lock', 'staging'], repo.dir)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/"db maintenance".*It already was/)

    const status = await rehearse(['status'], repo.dir)
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(/^staging +- +- +- +- +-$/m)
    expect(status.stdout).toMatch(
      new RegExp(`Locks:\\n  staging is locked by @${me}: "db maintenance"`)
    )

    const unlocked = await rehearse(['unlock', 'staging'], repo.dir)
    expect(unlocked.code).toBe(0)
    expect(unlocked.stdout).toMatch(
      new RegExp(
        `^Unlocked staging\\. Removed the hold of @${me}: "db maintenance" \\(since `
      )
    )
    const none = await rehearse(['unlock', 'staging'], repo.dir)
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(
      'rehearse: staging is not locked: there is nothing to unlock. rehearse status lists every lock. [not_locked]\n'
    )
  })

  it("deploys the user's own runs inside their hold, and keeps the hold afterwards", async () => {
    expect((await rehearse(['lock', 'staging'], repo.dir)).code).toBe(0)
    const run = await rehearse(['run', '--env', 'staging'], repo.dir)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect((await rehearse(['status'], repo.dir)).stdout).toMatch(
      new RegExp(`Locks:\\n  staging is locked by @${me} \\(since `)
    )
  })

  it('refuses to lock an environment someone else holds, naming them and how it ends', async () => {
    await mkdir(join(repo.dir, '.rehearse'), { recursive: true })
    await writeFile(
      locksPath(),
      JSON.stringify({
        format: 'rehearse-locks',
        version: 1,
        locks: {
          production: {
            environment: 'production',
            owner: 'someone-else',
            reason: 'release freeze',
            runId: 'cli:elsewhere:1:0123abcd',
            kind: 'hold',
            acquiredAt: '2024-05-01T10:00:00.000Z',
            version: 'v1'
          }
        }
      })
    )
    const result = await rehearse(['lock', 'production'], repo.dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'rehearse: production is locked by @someone-else: "release freeze" (since 2024-05-01T10:00:00.000Z, until unlocked). It stays locked until @someone-else runs: rehearse unlock production [environment_locked]\n'
    )
  })

  it('leaves the lock of a live run alone unless --force, and takes over the lock of a run killed with SIGKILL at once', async () => {
    const { child, done, pid } = await runningDeploy()
    const refused = await rehearse(['unlock', 'staging'], repo.dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      new RegExp(
        `^rehearse: staging is being deployed by @${me}: "lock-holder test process" .*That run \\(process ${pid} on .*\\) may still be deploying: let it finish\\. If you are sure it is not running, rehearse unlock staging --force \\[environment_locked\\]\\n$`
      )
    )
    noStack(refused.stderr)
    const lockRefused = await rehearse(['lock', 'staging'], repo.dir)
    expect(lockRefused.code).toBe(1)
    expect(lockRefused.stderr).toMatch(
      /being deployed by .*Wait for that run to finish, then lock it: rehearse lock staging \[environment_locked\]/
    )
    expect((await rehearse(['status'], repo.dir)).stdout).toMatch(
      /Locks:\n {2}staging is being deployed by @/
    )

    child.kill('SIGKILL')
    await done
    const status = await rehearse(['status'], repo.dir)
    expect(status.stdout).toContain(
      `has lapsed: its process ${pid} on this host is gone. The next run takes it over; rehearse unlock staging removes it.`
    )
    const locked = await rehearse(['lock', 'staging'], repo.dir)
    expect(locked.stderr).toBe('')
    expect(locked.stdout).toMatch(new RegExp(`^staging is locked by @${me}`))
  })

  it('removes the lock of a dead run without --force, and of a live one with it', async () => {
    const first = await runningDeploy()
    first.child.kill('SIGKILL')
    await first.done
    const dead = await rehearse(['unlock', 'staging'], repo.dir)
    expect(dead.code).toBe(0)
    expect(dead.stdout).toBe(
      `Unlocked staging. Removed the lock of @${me}'s run, which had lapsed: its process ${first.pid} on this host is gone.\n`
    )

    const second = await runningDeploy()
    const forced = await rehearse(['unlock', 'staging', '--force'], repo.dir)
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(
      new RegExp(
        `^Unlocked staging\\. Removed the run lock \\(--force\\) of @${me}: .*If that run \\(process ${second.pid} on .*\\) is still going, stop it before deploying again\\.\\n$`
      )
    )
    expect((await rehearse(['status'], repo.dir)).stdout).toMatch(
      /No deployments recorded yet/
    )
  })
})
