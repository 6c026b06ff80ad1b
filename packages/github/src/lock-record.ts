import type { HeldLock, StoredLockClaim } from '@rehearse/engine'

/** The branch holding an environment's lock while it is held. */
export function lockBranch(environment: string): string {
  // Plan names are [A-Za-z0-9._-]; a few of those are no valid ref name.
  const safe =
    !environment.includes('..') &&
    !environment.endsWith('.') &&
    !environment.endsWith('.lock')
  return `rehearse-lock/${safe ? environment : `_${Buffer.from(environment).toString('hex')}`}`
}

/** What one lock commit says: a claim, or that its lock was released. */
export type LockRecord =
  | {
      readonly state: 'held'
      readonly claim: StoredLockClaim
      readonly resumes?: StoredLockClaim
    }
  | { readonly state: 'released' }

const MARK = 'rehearse-lock'

/** The lock's JSON, as stored in `lock.json` and the commit message. */
export function lockJson(environment: string, record: LockRecord): string {
  return JSON.stringify({ [MARK]: 1, environment, ...record })
}

/** The commit message: a line for people browsing branches, then the JSON. */
export function lockMessage(environment: string, record: LockRecord): string {
  const title =
    record.state === 'held'
      ? `Rehearse: ${environment} locked by @${record.claim.owner} (${record.claim.kind})`
      : `Rehearse: ${environment} lock released`
  return `${title}\n\n${lockJson(environment, record)}\n`
}

const isText = (value: unknown): value is string => typeof value === 'string'

// Read field by field: the JSON is data from a branch anyone with write
// access can push, so nothing is trusted for its shape.
function readClaim(value: unknown): StoredLockClaim | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const kind = v.kind === 'run' || v.kind === 'hold' ? v.kind : undefined
  if (!kind || !isText(v.owner) || !isText(v.runId) || !isText(v.acquiredAt))
    return undefined
  return {
    owner: v.owner,
    reason: isText(v.reason) ? v.reason : '',
    runId: v.runId,
    kind,
    acquiredAt: v.acquiredAt,
    expiresAt: isText(v.expiresAt) ? v.expiresAt : undefined,
    ...(typeof v.pr === 'number' ? { pr: v.pr } : {}),
    ...(typeof v.leaseMinutes === 'number'
      ? { leaseMinutes: v.leaseMinutes }
      : {}),
    ...(v.nest === true ? { nest: true } : {}),
    ...(typeof v.attempt === 'number' ? { attempt: v.attempt } : {})
  }
}

/** The record in a lock commit's message; undefined when it has none. */
export function parseLockMessage(message: string): LockRecord | undefined {
  const start = message.indexOf('{')
  if (start < 0) return undefined
  let value: Record<string, unknown>
  try {
    value = JSON.parse(message.slice(start)) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || value[MARK] !== 1)
    return undefined
  if (value.state === 'released') return { state: 'released' }
  const claim = value.state === 'held' ? readClaim(value.claim) : undefined
  if (!claim) return undefined
  const resumes = readClaim(value.resumes)
  return { state: 'held', claim, ...(resumes ? { resumes } : {}) }
}

/** The lock a ref at `version` stands for, or a blocking unreadable one. */
export function heldLockOf(
  environment: string,
  version: string,
  record: LockRecord | undefined,
  committedAt: string
): HeldLock | undefined {
  if (record?.state === 'released') return undefined
  if (!record) {
    return {
      environment,
      version,
      unreadable: true,
      owner: 'unknown',
      reason: `branch ${lockBranch(environment)} has no readable lock record`,
      runId: '',
      kind: 'hold',
      acquiredAt: committedAt,
      expiresAt: undefined
    }
  }
  return {
    ...record.claim,
    environment,
    version,
    ...(record.resumes ? { resumes: record.resumes } : {})
  }
}
