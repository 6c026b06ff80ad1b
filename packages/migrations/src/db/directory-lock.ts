import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * An exclusive lock file next to a PGlite data directory: PGlite is one
 * process's database, so a second process must wait for the first. A lock
 * left by a dead process (its pid is gone) is taken over.
 */
export async function lockDirectory(
  path: string,
  waitMs: number
): Promise<(() => void) | undefined> {
  mkdirSync(dirname(path), { recursive: true })
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' })
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (!isAlive(Number(readFileSync(path, 'utf8').trim()))) {
      rmSync(path, { force: true })
      continue
    }
    if (Date.now() >= deadline) return undefined
    await sleep(200)
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
