import type {
  DeploymentRecord,
  HeldLock,
  RunOutcome,
  StageStatus
} from '@rehearse/engine'
import type { DeploymentAttempt } from '../ledger/deployment-attempts.js'
import type { StatusRow } from './status-table.js'

// `--json`: one JSON document on stdout per command, for scripts; what a
// person reads goes to stderr meanwhile. The shapes are documented in
// packages/cli/README.md ("--json"); `rehearse: 1` is their version, raised
// only when a field changes meaning or goes away.

/** The version of every document's shape. */
export const JSON_VERSION = 1

/** Writes one document and its newline. */
export function writeJson(out: (text: string) => void, value: object): void {
  out(`${JSON.stringify({ rehearse: JSON_VERSION, ...value }, null, 2)}\n`)
}

/** What `run` and `promote --json` print at the end. */
export function runDocument(
  command: 'run' | 'promote',
  outcome: RunOutcome,
  ref: string,
  from?: string
): object {
  const deploy = outcome.deploy
  return {
    command,
    status: outcome.status,
    environment: outcome.environment,
    ...(from ? { from } : {}),
    sha: outcome.sha,
    ref,
    fingerprint: outcome.fingerprint.value,
    reason: outcome.reason ?? null,
    message: outcome.message ?? null,
    url: deploy?.environmentUrl ?? null,
    deployment: deploy?.deployment?.id ?? null,
    stages: outcome.stages.map(({ stage, result }) => ({
      stage,
      status: result.status,
      description: result.description,
      reason: result.reason ?? null
    })),
    gate: outcome.gate
      ? {
          ok: outcome.gate.ok,
          checks: outcome.gate.checks.map(check => ({
            id: check.id,
            ok: check.ok,
            skipped: check.skipped === true,
            reason: check.reason ?? null,
            title: check.title,
            message: check.message
          }))
        }
      : null,
    rollback: outcome.rollback
      ? {
          rolledBack: outcome.rollback.rolledBack,
          to: outcome.rollback.to ?? null,
          description: outcome.rollback.description
        }
      : null
  }
}

/** What any `--json` command prints when it stops with an error. */
export function errorDocument(
  command: string,
  message: string,
  reason: string | undefined
): object {
  return { command, status: 'error', reason: reason ?? null, message }
}

function deploymentOf(record: DeploymentRecord): object {
  return {
    id: record.id,
    sha: record.sha,
    state: record.state ?? null,
    fingerprint: record.payload?.fingerprint ?? null,
    url: record.environmentUrl ?? null,
    by: record.creator ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt
  }
}

function attemptOf(attempt: DeploymentAttempt): object {
  return {
    ...deploymentOf(attempt.deployment),
    result: attempt.state ?? null,
    startedAt: attempt.startedAt,
    durationMs: attempt.durationMs ?? null,
    description: attempt.description ?? null
  }
}

function stageOf(stage: StageStatus): object {
  return {
    stage: stage.stage,
    state: stage.state,
    description: stage.description,
    updatedAt: stage.updatedAt
  }
}

function lockOf(lock: HeldLock): object {
  return {
    environment: lock.environment,
    owner: lock.owner,
    reason: lock.reason,
    kind: lock.kind,
    acquiredAt: lock.acquiredAt,
    expiresAt: lock.expiresAt ?? null
  }
}

/** `rehearse status --json`. */
export function statusDocument(
  head: string | undefined,
  ledger: string,
  rows: readonly StatusRow[],
  locks: readonly HeldLock[]
): object {
  return {
    command: 'status',
    head: head ?? null,
    ledger,
    environments: rows.map(row => ({
      environment: row.environment,
      serving: row.serving ? deploymentOf(row.serving) : null,
      newest: row.newest ? attemptOf(row.newest) : null,
      headStages: row.stages.map(stageOf)
    })),
    locks: locks.map(lockOf)
  }
}

/** `rehearse history <env> --json`. */
export function historyDocument(
  environment: string,
  ledger: string,
  attempts: readonly DeploymentAttempt[],
  more: boolean
): object {
  return {
    command: 'history',
    environment,
    ledger,
    deployments: attempts.map(attemptOf),
    more
  }
}
