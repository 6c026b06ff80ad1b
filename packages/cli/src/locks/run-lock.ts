import { randomUUID } from 'node:crypto'
import { hostname, userInfo } from 'node:os'

/** Who this `rehearse` process is, for the locks it takes. */
export interface LocalIdentity {
  readonly owner: string
  readonly runId: string
}

/** The local user, and a run id unique to this process. */
export function localIdentity(): LocalIdentity {
  let owner = 'local'
  try {
    owner = userInfo().username || owner
  } catch {
    // No passwd entry (some containers): a generic name still locks.
  }
  return {
    owner,
    runId: `cli:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  }
}

/**
 * The host and pid a `cli:<host>:<pid>:<id>` run id names, as
 * {@link localIdentity} builds it; undefined for any other run id (a
 * GitHub run, a hand-written lock).
 */
export function parseLocalRunId(
  runId: string
): { readonly host: string; readonly pid: number } | undefined {
  const match = /^cli:(.+):(\d+):[0-9a-f]{8}$/.exec(runId)
  const pid = Number(match?.[2])
  if (!match?.[1] || !Number.isSafeInteger(pid) || pid <= 0) return undefined
  return { host: match[1], pid }
}
