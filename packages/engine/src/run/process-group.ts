import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

const POLL_MS = 25
// SIGKILL cannot be caught; this only bounds the wait for a process stuck in
// the kernel (uninterruptible I/O), so a stop can never hang the run.
const AFTER_KILL_MS = 2000

/** Signals every process of the group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (error) {
    // EPERM: a member exists that we may not signal; it still counts.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether any process of the group still runs. Zombies don't count: a dead
 * grandchild re-parented to init waits for init to reap it, which some
 * init processes (containers, micro-VMs) do only every few seconds.
 */
export function groupIsRunning(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false
  return liveMemberInProc(pgid) ?? true
}

// undefined where there is no /proc (macOS): then kill(-pgid, 0) decides.
function liveMemberInProc(pgid: number): boolean | undefined {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return undefined
  }
  const group = String(pgid)
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(entry)
    if (stat === undefined) continue
    // The command name may contain spaces and parentheses: parse after it.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (pgrp === group && state !== 'Z' && state !== 'X') return true
  }
  return false
}

function readStat(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined // exited while we were looking
  }
}

async function waitUntilGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (groupIsRunning(pgid)) {
    if (Date.now() >= deadline) return false
    await sleep(POLL_MS)
  }
  return true
}

/**
 * Stops the whole process group: SIGTERM, then SIGKILL if anything still
 * runs after `graceMs`. Resolves once no process of the group runs.
 */
export async function terminateGroup(
  pgid: number,
  graceMs: number
): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return
  if (await waitUntilGone(pgid, graceMs)) return
  signalGroup(pgid, 'SIGKILL')
  await waitUntilGone(pgid, AFTER_KILL_MS)
}
