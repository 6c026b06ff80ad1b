import { readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ConfigurationError } from '@rehearse/core'
import { createExclusive, isAlive } from '../ledger/file-lock.js'

// The demo's apps listen on fixed ports (the demo app's plan names them),
// so two demos on one machine would answer each other's users. A file
// naming the running demo's pid makes the second one wait its turn.
const TURN_FILE = join(tmpdir(), 'rehearse-demo.pid')
const WAIT_MS = 5 * 60_000
const POLL_MS = 500
// A file left empty this long was never finished by its writer.
const EMPTY_STALE_MS = 10_000

/** The pid of the demo whose turn it is; undefined once it is over. */
async function runningDemo(turnFile: string): Promise<number | undefined> {
  const text = await readFile(turnFile, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const pid = Number(text.trim())
  if (Number.isInteger(pid) && pid > 0) return isAlive(pid) ? pid : undefined
  const age = await stat(turnFile).then(
    s => Date.now() - s.mtimeMs,
    () => Infinity
  )
  return age > EMPTY_STALE_MS ? undefined : 0
}

/**
 * Removes a turn its demo left behind. Two waiters can find the same dead
 * demo; only the one that creates the takeover file removes the turn, and
 * only after reading it again, so a turn the other waiter has just taken
 * is never removed. The other waiter polls again (false).
 */
async function takeOver(turnFile: string): Promise<boolean> {
  const marker = `${turnFile}.takeover`
  if (!(await createExclusive(marker, String(process.pid)))) {
    // A takeover file whose waiter was killed mid-takeover: gone shortly.
    const age = await stat(marker).then(
      s => Date.now() - s.mtimeMs,
      () => 0
    )
    if (age > EMPTY_STALE_MS) await rm(marker, { force: true })
    return false
  }
  try {
    if ((await runningDemo(turnFile)) === undefined)
      await rm(turnFile, { force: true })
    return true
  } finally {
    await rm(marker, { force: true })
  }
}

/**
 * Waits until no other demo runs on this machine (up to 5 minutes), then
 * takes the turn; the returned function gives it back. A turn left by a
 * demo that was killed is taken over. `turnFile` is the machine's one
 * (in the temp folder) unless a caller keeps its turns apart.
 */
export async function takeDemoTurn(
  say: (text: string) => void,
  signal?: AbortSignal,
  turnFile = TURN_FILE
): Promise<() => Promise<void>> {
  const started = Date.now()
  let announced = false
  while (!(await createExclusive(turnFile, String(process.pid)))) {
    const other = await runningDemo(turnFile)
    if (other === undefined) {
      // Left by a killed demo: ours to take over, or another waiter's.
      if (await takeOver(turnFile)) continue
    } else {
      if (Date.now() - started > WAIT_MS)
        throw new ConfigurationError(
          `another rehearse demo (pid ${other}) has been running for over 5 minutes and holds the demo's ports; stop it, or remove ${turnFile} if it is gone.`,
          { reason: 'port_in_use' }
        )
      if (!announced) {
        say(
          `Another rehearse demo (pid ${other}) is running on this machine: waiting for it to finish (the demo's ports are fixed).\n`
        )
        announced = true
      }
    }
    await sleep(POLL_MS, undefined, { signal }).catch(() => {
      throw new ConfigurationError(
        'cancelled while waiting for the other demo',
        {
          reason: 'cancelled'
        }
      )
    })
  }
  return async () => {
    const text = await readFile(turnFile, 'utf8').catch(() => '')
    if (text.trim() === String(process.pid)) await rm(turnFile, { force: true })
  }
}
